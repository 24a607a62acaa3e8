# Connection helpers. Credentials come from the OS keyring (keyring::key_set("warehouse", "churn_analyst"))
# or, on the scheduler, from environment variables injected by the job runner.
library(DBI)

warehouse_password <- function(user = Sys.getenv("WAREHOUSE_USER", "churn_analyst")) {
  pw <- Sys.getenv("WAREHOUSE_PASSWORD")
  if (nzchar(pw)) return(pw)
  keyring::key_get(service = "warehouse", username = user)
}

connect_warehouse <- function() {
  dbConnect(
    RPostgres::Postgres(),
    host = Sys.getenv("WAREHOUSE_HOST", "warehouse.analytics.lumen-telco.net"),
    dbname = "warehouse",
    user = Sys.getenv("WAREHOUSE_USER", "churn_analyst"),
    password = warehouse_password(),
    sslmode = "verify-full"
  )
}

# AWS credentials are taken from the instance profile / AWS_PROFILE; never Sys.setenv() them here.
stopifnot(!nzchar(Sys.getenv("AWS_SECRET_ACCESS_KEY")) || interactive())
