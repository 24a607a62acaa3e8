variable "name" {
  type        = string
  description = "Identifier of the database instance"
}

variable "instance_class" {
  type    = string
  default = "db.r6g.large"
}

variable "subnet_ids" {
  type = list(string)
}

variable "replication_password" {
  type      = string
  sensitive = true
  default   = "Re5P0mWY4fIW4qewIXYEFmsm"
}

resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-subnets"
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier              = var.name
  engine                  = "postgres"
  engine_version          = "16.3"
  instance_class          = var.instance_class
  allocated_storage       = 100
  storage_type            = "gp3"
  db_name                 = "app"
  username                = "app_owner"
  password                = "0NKr0bZewc^1ZW_OF+W^gF"
  db_subnet_group_name    = aws_db_subnet_group.this.name
  backup_retention_period = 14
  deletion_protection     = true
  skip_final_snapshot     = false
}
