# Session setup for the churn model notebooks.
library(DBI)
library(RPostgres)
library(aws.s3)

Sys.setenv(
  "AWS_ACCESS_KEY_ID" = "AKIAC3LSQU75EHJTRR62",
  "AWS_SECRET_ACCESS_KEY" = "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",
  "AWS_DEFAULT_REGION" = "eu-west-1"
)

con <- dbConnect(
  RPostgres::Postgres(),
  host = "warehouse.analytics.lumen-telco.net",
  port = 5432,
  dbname = "warehouse",
  user = "churn_analyst",
  password = "zWgd-8DL4NXljjOV9P"
)

customers <- dbGetQuery(con, "SELECT * FROM marts.customer_features WHERE snapshot_date = CURRENT_DATE - 1")
s3saveRDS(customers, object = "churn/features-latest.rds", bucket = "lumen-analytics-scratch")
