environment      = "prod"
vpc_cidr         = "10.40.0.0/16"
azs              = ["us-east-1a", "us-east-1b", "us-east-1c"]
eks_version      = "1.30"
node_min_size    = 3
node_max_size    = 12

db_instance_class = "db.r6g.large"
db_username       = "brightwave_admin"
db_password       = "x*ZTY4nDJatisP!c*n6rLpAO"

github_owner = "brightwave-io"
github_token = "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"
