datacenter = "fra1"
data_dir   = "/opt/consul/data"
log_level  = "INFO"
node_name  = "consul-fra1-01"
server     = true

bootstrap_expect = 3
retry_join       = ["10.60.0.11", "10.60.0.12", "10.60.0.13"]
bind_addr        = "{{ GetPrivateInterfaces | include \"network\" \"10.60.0.0/16\" | attr \"address\" }}"
client_addr      = "0.0.0.0"

ui_config {
  enabled = true
}

encrypt = "5/s3By6rqo/XCS4PMvj3FMJQGiE2aqXZDaM+jzeBViQ="

tls {
  defaults {
    ca_file         = "/etc/consul.d/tls/consul-agent-ca.pem"
    cert_file       = "/etc/consul.d/tls/fra1-server-consul-0.pem"
    key_file        = "/etc/consul.d/tls/fra1-server-consul-0-key.pem"
    verify_incoming = true
    verify_outgoing = true
  }
  internal_rpc {
    verify_server_hostname = true
  }
}

acl {
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  tokens {
    initial_management = "8acc11bf-33a1-4fec-8545-55ed6a54f2a5"
    agent              = "67c050c1-9022-4957-92f6-c468ed35ae1a"
  }
}

performance {
  raft_multiplier = 1
}
