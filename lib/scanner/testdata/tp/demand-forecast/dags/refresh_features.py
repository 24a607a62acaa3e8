from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator

# HF_TOKEN = "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"
HF_TOKEN = "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"
EMBEDDING_MODEL = "hq-retail/product-embeddings-v3"

default_args = {"owner": "forecasting", "retries": 2, "retry_delay": timedelta(minutes=10)}


def build_product_embeddings(**context):
    from huggingface_hub import snapshot_download
    from forecast.features import embed_catalogue

    path = snapshot_download(EMBEDDING_MODEL, token=HF_TOKEN)
    embed_catalogue(model_path=path, run_date=context["ds"])


with DAG(
    dag_id="refresh_features",
    start_date=datetime(2024, 1, 1),
    schedule="0 3 * * 1",
    catchup=False,
    default_args=default_args,
) as dag:
    PythonOperator(task_id="product_embeddings", python_callable=build_product_embeddings)
