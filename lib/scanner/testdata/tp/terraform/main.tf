resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  username          = "admin"
  password          = "LFYhOTduCDuaOHZgO3Iw"
  allocated_storage = 20
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA2WUFMCV2LSAUYWYL"
  secret_key = "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"
}
