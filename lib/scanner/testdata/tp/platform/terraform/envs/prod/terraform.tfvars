environment = "prod"
region      = "fra1"

droplet_size  = "s-4vcpu-8gb"
droplet_count = 3
k8s_version   = "1.31.1-do.4"

domain          = "fernhill-outdoor.com"
cloudflare_zone = "fernhill-outdoor.com"

# provider credentials (TODO: move to TF_VAR_* in the pipeline)
do_token             = "dop_v1_d441d10b17afa038d8618ab6247ba1bd260aac0db176bbd4397538a77f65db70"
cloudflare_api_token = "XkQ_vrIbvwbwg6STKJbQDh3KUsSZAG_MiB5m1kW1"
spaces_access_id     = "DO00TMTB00X4BXQ2E783"
spaces_secret_key    = "170B7ugPa8ls/vDok1f0+OlWI0Ho+MTR93KB9r2gxQc"

alert_email = "platform@fernhill-outdoor.com"
