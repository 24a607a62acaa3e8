variable "name" {
  description = "Identifier of the DB instance, also used as the Secrets Manager prefix."
  type        = string
}

variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "master_username" {
  description = "Master user name. The password is generated (random_password.master)."
  type        = string
  default     = "postgres_admin"
}

variable "db_password" {
  description = "Password of the reporting user. Pass it with TF_VAR_db_password; never commit it."
  type        = string
  sensitive   = true
  nullable    = false

  validation {
    condition     = length(var.db_password) >= 16
    error_message = "db_password must be at least 16 characters long."
  }
}

variable "datadog_api_key" {
  description = "Datadog API key for enhanced monitoring (from the CI secret store)."
  type        = string
  sensitive   = true
}

variable "slack_webhook_url" {
  description = "Incoming webhook for alarms. Leave null to disable notifications."
  type        = string
  sensitive   = true
  default     = null
}

variable "kms_key_arn" {
  type = string
}

variable "subnet_group" {
  type = string
}

variable "security_group_ids" {
  type = list(string)
}

variable "tags" {
  type    = map(string)
  default = {}
}
