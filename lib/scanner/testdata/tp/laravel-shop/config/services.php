<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    |
    | This file is for storing the credentials for third party services such
    | as Mailgun, Postmark, AWS and more. This file provides the de facto
    | location for this type of information, allowing packages to have
    | a conventional file to locate the various service credentials.
    |
    */

    'mailgun' => [
        'domain' => 'mg.fernhill-outdoor.com',
        'secret' => '8e85cbc3b12e8844fb19f07bef86b39b-4c06d1d3-5baf3844',
        'endpoint' => 'api.eu.mailgun.net',
        'scheme' => 'https',
    ],

    'ses' => [
        'key' => env('AWS_ACCESS_KEY_ID'),
        'secret' => env('AWS_SECRET_ACCESS_KEY'),
        'region' => env('AWS_DEFAULT_REGION', 'eu-central-1'),
    ],

    // Socialite: "Sign in with GitHub" for the dealer portal
    'github' => [
        'client_id' => 'Ov23lieouiixBawE5dVP',
        'client_secret' => 'b8870a7a002768ae0f18fc30b92aa9f35869c0b0',
        'redirect' => 'https://trade.fernhill-outdoor.com/auth/github/callback',
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

];
