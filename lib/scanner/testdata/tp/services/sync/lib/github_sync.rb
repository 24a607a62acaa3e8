require 'octokit'
require 'openssl'

module GithubSync
  ORG = 'acme'
  INSTALLATION_TOKEN = 'ghs_XwbgvINa6AnHN2VJvyRQf1AngF14Qk1fmvMN'
  WEBHOOK_SECRET = '1158fc3925a1622f83070f596b3b5a1600752b4b'

  def self.client
    @client ||= Octokit::Client.new(access_token: INSTALLATION_TOKEN, auto_paginate: true)
  end

  def self.verify!(body, signature)
    expected = 'sha256=' + OpenSSL::HMAC.hexdigest('SHA256', WEBHOOK_SECRET, body)
    raise 'bad signature' unless Rack::Utils.secure_compare(expected, signature)
  end

  def self.repos
    client.org_repos(ORG, type: 'private').map(&:full_name)
  end
end
