<?php

// phpcs:ignoreFile

$databases['default']['default'] = [
  'database' => 'drupal_portal',
  'username' => 'drupal',
  'password' => 'DMV2Iw+5r1_GqPJMn7Q1ip',
  'prefix' => '',
  'host' => 'portal-db.c4lw0x.eu-west-1.rds.amazonaws.com',
  'port' => '3306',
  'isolation_level' => 'READ COMMITTED',
  'driver' => 'mysql',
  'namespace' => 'Drupal\\mysql\\Driver\\Database\\mysql',
  'autoload' => 'core/modules/mysql/src/Driver/Database/mysql/',
];

$settings['hash_salt'] = 'duI3rtDwHA2v_QX1H01dtU_uZQTKeE3BceBKWKAbG-cCH19H_fasl9MS2z7saYIA015ry1L_Zg';

$settings['update_free_access'] = FALSE;
$settings['config_sync_directory'] = '../config/sync';
$settings['file_private_path'] = '/var/www/private';
$settings['trusted_host_patterns'] = [
  '^portal\.oakridge-council\.gov\.uk$',
];
$settings['file_scan_ignore_directories'] = [
  'node_modules',
  'bower_components',
];
$settings['entity_update_batch_size'] = 50;
