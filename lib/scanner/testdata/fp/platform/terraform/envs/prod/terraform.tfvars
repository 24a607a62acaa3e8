environment = "prod"
region      = "fra1"

droplet_size  = "s-4vcpu-8gb"
droplet_count = 3
droplet_image = "ubuntu-24-04-x64"
k8s_version   = "1.31.1-do.4"

vpc_uuid           = "9b801a0a-65d2-445d-bd54-7bab84414801"
project_id         = "dbe95cdc-8022-457f-a9ff-e26131fd6aaa"
cloudflare_zone_id = "940cf05460694f3a4eeb0c6b50dc40d3"
cloudflare_account_id = "13e7b75b19006b47a93d4641810453c8"

ssh_key_fingerprints = [
  "33:a8:f2:88:09:84:19:99:76:e5:e7:d9:3f:8c:4d:9b",
  "54:e1:0a:f8:16:f6:c4:44:c8:60:cb:e4:f2:57:f4:6c",
]

# credentials come from TF_VAR_do_token / TF_VAR_cloudflare_api_token in the pipeline
alert_email = "platform@fernhill-outdoor.com"
