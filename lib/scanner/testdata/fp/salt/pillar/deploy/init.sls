#!yaml|gpg
# Encrypted with the salt master's key (salt@cfg01): see /srv/salt/README.
deploy:
  user: deploy
  group: www-data
  repo: git@gitlab.fernhill.internal:shop/storefront.git
  ssh_public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJlT01rZJBZs4R+1iYw7fWSl7tChkbkQcsmcOld+5fxI salt-deploy@cfg01
  database_url: |
    -----BEGIN PGP MESSAGE-----
    
    hQGMA2hwWB1ptcEAAQv9GsVkKzXQ/12u3lFx18eaRZwFi9mGV4Z9WBtVki/tUoYB
    QtkZHhRr0RH1uRmJ5XnNb6kM8AfB1h+sLYij+p7lmzxWmphmbfl5l8xx8ZavFrUm
    M13aF4TMl8vyhX/v7EIW2JxfrO2rhbH/Aa1GLKeEGL3ssjHdIcLRkymSseW4f2jX
    9JUKyaGfaPhCgmWTDGW2YsdiMsEoU46SyZlnIwifm13bKGyDYhC0MGfwKwDfbbbg
    p23wILrLfXpVhrTlwSa65TxJ8Y2i+4raW1z8OzXmFPqylXKkINBz7Hrs2UxROvh8
    mXDre4GGsGAGeRijrArsyy6bK45yFeif2TBmoYy8TqNtRWebfEKTX6YpwOwuRCsI
    j8Rer48toBweuYO8NgQPpCpObAvqrFU6S/6J2hPfrRwYsLo7EhLpdb6v67vTUCZl
    ZoBDx5qMPyvJlBqeHt5Alp7Wv5wYy77OAbZgkb+upoMAvQlydREfujwNygMy+ZgM
    PmoJDIqCkDeCsgmAhupy0n4BYBQErQOXyUAYbdMxMuEYGDRo2wrT15uoT36Fq6c7
    vTABQllzQJ63o8SSCRYjT/j9AdBwUceV0ZyrgAimJme/jnZiI3XNvCjQBIwYTGoS
    qR1+pC5gCKnRuj/mh9oBNWYmzQCFvLZNEUYNgTV1uoy4sFeHhaZbEW+ic7WGY90=
    =WToF
    -----END PGP MESSAGE-----
  gitlab_deploy_token: |
    -----BEGIN PGP MESSAGE-----
    
    hQGMA2hwWB1ptcEAAQv/al79vVxp37aB2vOx/ErOMp1SNjMG81t9UwuTHQEY1S1i
    zzQZ2ocgHcMKEh4NUFi5Y+pGGUPi/UfEIbwFoIFhCWPdBpLgsOFfVm6ppXUHcwtf
    IR5TEStXjYjvTdofjf3c1zIch3m6A8T+weh0nDvATxRQJ1ic1LUcap7kGav8sI7T
    wZXYjktn/V7seUnWHRom5dGr0eckk7hTevVkmbD9J/oFQEImepAa+KBJTxGlR7Jv
    Yb1Fz6W8o9xA3FBeeeXrjR4fpg/q1Z4OT8YO5XJjnZQ3grAd8IyTS2RIkB123BiN
    IcP73vEay538oKyfhIMFnP3ydXCDZM8qAdxfWS2caD+cId+qLQmo0JOVK/gbP5qe
    8+RPVFZEvkQDvxBG6OmJflFe1hW7sGmx/W1P8t53WSVkCMNHR2HEmNPe5uMfs9Th
    Zhp9su1bexHmDUI7kNsKpv7d/BXS+GuHzSU5ir/6p7i3ELNHjlMckaPKEt6nPoad
    OS6DpfIXgTFZXWPWd9Z30lMBnr2xPmRH3lIIDYHZVy2ROteVY1ZmxT3AYbOjCPMh
    O1dKoWWE3UXw/lyM3uDiqzOVovWthm7cYB+8jQ3CK6YB234K2YI9uYtFbUG3hPdX
    sFt9wQ==
    =mW22
    -----END PGP MESSAGE-----
