terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "!#$%^&*()-_=+[]{}<>:?"
  min_upper        = 2
  min_numeric      = 2
}

resource "aws_secretsmanager_secret" "master" {
  name                    = "${var.name}/rds/master"
  description             = "Master credentials of ${var.name} (rotated by Lambda)"
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = 7
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "master" {
  secret_id = aws_secretsmanager_secret.master.id
  secret_string = jsonencode({
    engine   = "postgres"
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    username = var.master_username
    password = random_password.master.result
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = var.instance_class
  allocated_storage           = 50
  storage_encrypted           = true
  kms_key_id                  = var.kms_key_arn
  username                    = var.master_username
  password                    = random_password.master.result
  db_subnet_group_name        = var.subnet_group
  vpc_security_group_ids      = var.security_group_ids
  backup_retention_period     = 14
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "${var.name}-final"
  iam_database_authentication_enabled = true
  tags                        = var.tags
}

# The application user's password is created by the platform team and only read here.
data "aws_secretsmanager_secret" "app" {
  name = "${var.name}/rds/app"
}

data "aws_secretsmanager_secret_version" "app" {
  secret_id = data.aws_secretsmanager_secret.app.id
}

locals {
  app_credentials = jsondecode(data.aws_secretsmanager_secret_version.app.secret_string)
}

provider "postgresql" {
  host      = aws_db_instance.this.address
  username  = var.master_username
  password  = random_password.master.result
  sslmode   = "require"
  superuser = false
}

resource "postgresql_role" "app" {
  name     = "app"
  login    = true
  password = local.app_credentials["password"]
}

output "master_secret_arn" {
  value = aws_secretsmanager_secret.master.arn
}

output "master_password" {
  value     = random_password.master.result
  sensitive = true
}
