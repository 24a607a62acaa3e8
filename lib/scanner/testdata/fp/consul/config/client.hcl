datacenter = "fra1"
data_dir   = "/opt/consul/data"
node_id    = "e2488808-a947-4370-ae2c-a862adca59eb"
node_name  = "worker-fra1-07"
server     = false

retry_join = ["provider=digitalocean region=fra1 tag_name=consul-server api_token_file=/etc/consul.d/do-token"]

auto_config {
  enabled          = true
  intro_token_file = "/etc/consul.d/intro-token.jwt"
  server_addresses = ["consul.service.fra1.consul"]
}

tls {
  defaults {
    ca_file         = "/etc/consul.d/tls/consul-agent-ca.pem"
    verify_incoming = false
    verify_outgoing = true
  }
}

ports {
  grpc_tls = 8503
}

telemetry {
  prometheus_retention_time = "30s"
  disable_hostname          = true
}
