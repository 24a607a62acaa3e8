<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'wp_harbourlight' );
define( 'DB_USER', 'wp_harbourlight' );
define( 'DB_PASSWORD', 'Y#li=P%4Bci^NkKxz6IN' );
define( 'DB_HOST', 'db-wp-01.harbourlight.internal' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 */
define('AUTH_KEY',         'oqgBchqkF(vV].FTc0 9A!]|pMnhQ52g%|S4znoWe|v?RN)+cA+1{Bx9t1>gSQHD');
define('SECURE_AUTH_KEY',  'l{l,i{%<X}:(BV>T7Vp%UZlx%W5(&Ejj0LasO_j1f)sw$VLlv*;4L+#8~t,bdi)B');
define('LOGGED_IN_KEY',    'slIL5Gmr@9wwnCW1s`bI0}Jf}UB`Rs%y~L%BoBm%$}C.09g~xy%*y1~[h<M3;i3.');
define('NONCE_KEY',        'xY;gEtkge?+{4H#f>XLkb5IFPYnqp<x&Ln--%pEczln;@U2fHlQ6r#IATV/z$dL)');
define('AUTH_SALT',        '2+[CRvlSRmZcrRL.WZ?=[57Py 7i:Zf9St2_+_@=8k PyVABJ^y|WNLN)|ahC.Ba');
define('SECURE_AUTH_SALT', 'bf5<c1jd^^<co#y<MN_Ytxm!_442%z3P9{#;I3zcHYYcjIJHJNkjD2,]E-kw;p^9');
define('LOGGED_IN_SALT',   'EGF/LO|,8rmYBh4Ib!}sY[N~MqA>Dp9iRoM;nbS:h9r.z-9JoT[SAeH#Y17k-})]');
define('NONCE_SALT',       's}vnygO/K;A/RDfo*Q~.RjDQ_F46PE,D<fbNc8E/cyUgajDiMb1hXDURJ1zO9D1c');
/**#@-*/

$table_prefix = 'hl_';

define( 'WP_DEBUG', false );
define( 'DISALLOW_FILE_EDIT', true );
define( 'FORCE_SSL_ADMIN', true );

/* That's all, stop editing! Happy publishing. */

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
