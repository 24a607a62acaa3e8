resource "random_password" "master" {
  length           = 32
  special          = true
  override_special = "!#%*+-=?^_~"
}

resource "aws_secretsmanager_secret" "db" {
  name       = "${var.name}/rds/master"
  kms_key_id = var.kms_key_arn
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = var.username
    password = random_password.master.result
    host     = aws_db_instance.this.address
    port     = 5432
  })
}

resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = var.instance_class
  allocated_storage           = 100
  username                    = var.username
  password                    = random_password.master.result
  db_subnet_group_name        = var.subnet_group
  vpc_security_group_ids      = var.security_group_ids
  storage_encrypted           = true
  kms_key_id                  = var.kms_key_arn
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "${var.name}-final"
  iam_database_authentication_enabled = true
}

variable "name" { type = string }
variable "username" { type = string }
variable "instance_class" { type = string }
variable "subnet_group" { type = string }
variable "security_group_ids" { type = list(string) }
variable "kms_key_arn" { type = string }

output "secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}
