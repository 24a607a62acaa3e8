# Deploy user and repository access for the shop hosts.
deploy:
  user: deploy
  group: www-data
  home: /srv/deploy
  repo: git@gitlab.fernhill.internal:shop/storefront.git
  branch: main
  ssh_private_key: |
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
    QyNTUxOQAAACCZU9Na2SQWbOEftYmMO31kpe7QoZG5EHLJnDpXfuX8SAAAAJjaCnOY2gpz
    mAAAAAtzc2gtZWQyNTUxOQAAACCZU9Na2SQWbOEftYmMO31kpe7QoZG5EHLJnDpXfuX8SA
    AAAEAM3b/tiId6EFMbe1CjI0MtHLgrkXOrDJM/lxOV/iUbb5lT01rZJBZs4R+1iYw7fWSl
    7tChkbkQcsmcOld+5fxIAAAAEXNhbHQtZGVwbG95QGNmZzAxAQIDBA==
    -----END OPENSSH PRIVATE KEY-----
  ssh_known_hosts:
    - gitlab.fernhill.internal
  gitlab_deploy_token:
    username: gitlab+deploy-token-37
    password: gldt-Em8lDZSPzYtlev1LsHwZ
