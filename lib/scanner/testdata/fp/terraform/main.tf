variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "main" {
  username = "admin"
  password = var.db_password
}

resource "aws_secretsmanager_secret" "api_key" {
  name = "prod/api-key"
}
