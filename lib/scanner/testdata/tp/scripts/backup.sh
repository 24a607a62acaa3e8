#!/bin/sh
set -eu
curl -fsS -u backup:lMP8fjx78VEYbw https://backup.acme.io/upload -T dump.sql
