<?php
return [
    'backend' => [
        'frontName' => 'admin_q7r2x'
    ],
    'crypt' => [
        'key' => '8ab9669751a98128ec47f9389108497e'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'mysql-magento.internal',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'oet%4Aa=HnBx8MlJ1VTL',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'queue' => [
        'amqp' => [
            'host' => 'rabbitmq-magento.internal',
            'port' => '5672',
            'user' => 'magento',
            'password' => 'CFXPgKVC62dh45drW4QWA1SY',
            'virtualhost' => '/'
        ],
        'consumers_wait_for_messages' => 1
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => 'production',
    'session' => [
        'save' => 'redis',
        'redis' => [
            'host' => 'redis-magento.internal',
            'port' => '6379',
            'database' => '2',
            'compression_library' => 'gzip'
        ]
    ],
    'cache_types' => [
        'config' => 1,
        'layout' => 1,
        'block_html' => 1,
        'collections' => 1,
        'full_page' => 1
    ],
    'install' => [
        'date' => 'Tue, 04 Jun 2024 09:12:44 +0000'
    ]
];
