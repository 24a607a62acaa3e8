<?php
/**
 * WordPress configuration: every secret comes from the environment (Docker secrets / .env outside the web root).
 */
require_once __DIR__ . '/vendor/autoload.php';

$env = static function (string $name, ?string $default = null): ?string {
    $file = getenv($name . '_FILE');
    if ($file && is_readable($file)) {
        return trim(file_get_contents($file));
    }
    $value = getenv($name);
    return $value === false ? $default : $value;
};

define( 'DB_NAME', $env('WORDPRESS_DB_NAME', 'wordpress') );
define( 'DB_USER', $env('WORDPRESS_DB_USER', 'wordpress') );
define( 'DB_PASSWORD', $env('WORDPRESS_DB_PASSWORD') );
define( 'DB_HOST', $env('WORDPRESS_DB_HOST', 'mysql') );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $key ) {
    define( $key, $env('WORDPRESS_' . $key, 'put your unique phrase here') );
}

$table_prefix = $env('WORDPRESS_TABLE_PREFIX', 'wp_');

define( 'WP_DEBUG', false );
define( 'DISALLOW_FILE_EDIT', true );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
