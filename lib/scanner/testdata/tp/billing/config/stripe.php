<?php

return [
    'currency' => 'eur',
    'secret' => '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',
    'reporting_key' => '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',
    'webhook' => [
        'secret' => 'whsec_NTZtnjMag8yO22UOhi7gywO8G8djIreo',
        'tolerance' => 300,
    ],
    'api_version' => '2024-06-20',
    'statement_descriptor' => 'ACME STORE',
];
