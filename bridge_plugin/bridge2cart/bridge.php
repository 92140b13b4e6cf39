<?php
/**
 * cartgate bridge: lets a cartgate gateway read and write this shop's database.
 *
 * Protocol: bridge_plugin/PROTOCOL.md (version 1). Every request is signed twice (HMAC with the
 * store key, RSA with the gateway's private key), fresh (timestamp window + nonce store) and
 * encrypted; responses are compressed, encrypted under a fresh key wrapped with RSA-OAEP, and
 * bound to the request's nonce. Runs on PHP 7.1 - 8.4 with openssl and mysqli, no Composer.
 *
 * A plain GET shows the install check. Define CGB_LIBRARY before including this file to load
 * the functions without handling a request (the tests do).
 */

define('CGB_BRIDGE_VERSION', 1);
define('CGB_PROTOCOL_MIN', 1);
define('CGB_PROTOCOL_MAX', 1);
define('CGB_MAX_PAST', 300);
define('CGB_MAX_FUTURE', 300);
define('CGB_DEFAULT_MAX_REQUEST', 8388608);
define('CGB_MAX_ROWS', 10000);
define('CGB_MAX_STATEMENTS', 1000);
define('CGB_NONCE_BUCKET_CAP', 200000);
define('CGB_CHUNK', 214);

/** A refused request: a code from PROTOCOL.md, the failing field and the HTTP status. */
class CgbRefusal extends Exception
{
    public $codeName;
    public $field;
    public $http;

    public function __construct($codeName, $field = null, $http = 400)
    {
        parent::__construct($codeName);
        $this->codeName = $codeName;
        $this->field = $field;
        $this->http = $http;
    }
}

/** An error found after authentication; answered inside a sealed status-1 response. */
class CgbActionError extends Exception
{
    public $detail;

    public function __construct(array $detail)
    {
        parent::__construct($detail['code']);
        $this->detail = $detail;
    }
}

// ---------------------------------------------------------------- config and keys

function cgb_load_config($dir)
{
    $file = $dir . '/config.php';
    if (!is_file($file)) {
        return null;
    }
    $config = include $file;
    if (!is_array($config) || !isset($config['store_key'], $config['public_key'])
        || !is_string($config['store_key']) || !preg_match('/^[0-9a-f]{32}$/', $config['store_key'])) {
        return null;
    }
    $defaults = array(
        'allow_plain' => false,
        'store_root' => '',
        'db_tables_prefix' => null,
        'nonce_dir' => '',
        'max_request_bytes' => CGB_DEFAULT_MAX_REQUEST,
        'zlib_level' => 1,
    );
    return array_merge($defaults, $config);
}

function cgb_hkdf($storeKey, $info)
{
    return hash_hkdf('sha256', $storeKey, 32, $info, 'cartgate-bridge-v1');
}

function cgb_canonical($v, $action, $ts, $nonce, $mode, $payload)
{
    return "CGB1\n" . $v . "\n" . $action . "\n" . $ts . "\n" . $nonce . "\n" . $mode . "\n" . hash('sha256', $payload);
}

function cgb_request_aad($v, $action, $ts, $nonce)
{
    return "CGB1 request\n" . $v . "\n" . $action . "\n" . $ts . "\n" . $nonce;
}

function cgb_response_context($nonce, $action)
{
    return "CGB1 response\n" . $nonce . "\n" . $action;
}

/** Canonical base64 only, so two different texts never decode to the same bytes. */
function cgb_strict_b64($text, $field)
{
    if (!is_string($text)) {
        throw new CgbRefusal('malformed', $field);
    }
    $raw = base64_decode($text, true);
    if ($raw === false || base64_encode($raw) !== $text) {
        throw new CgbRefusal('malformed', $field);
    }
    return $raw;
}

// ---------------------------------------------------------------- requests

/**
 * Run the PROTOCOL.md checks in order and return the verified, decrypted request.
 * $rememberNonce($nonce, $ts) returns false for a replay. Throws CgbRefusal.
 */
function cgb_open_request($body, array $config, $now, $rememberNonce)
{
    if (strlen($body) > (int) $config['max_request_bytes']) {
        throw new CgbRefusal('too_large', 'body', 413);
    }
    $env = json_decode($body, true, 4);
    $fields = array('v', 'action', 'ts', 'nonce', 'mode', 'payload', 'hmac', 'sig');
    if (!is_array($env) || count($env) !== count($fields)) {
        throw new CgbRefusal('malformed', 'body');
    }
    foreach ($fields as $name) {
        if (!array_key_exists($name, $env)) {
            throw new CgbRefusal('malformed', 'body');
        }
    }
    $checks = array(
        'v' => is_int($env['v']),
        'action' => is_string($env['action']) && preg_match('/^[a-z_]{1,32}$/D', $env['action']),
        'ts' => is_int($env['ts']),
        'nonce' => is_string($env['nonce']) && preg_match('/^[A-Za-z0-9_-]{22,64}$/D', $env['nonce']),
        'mode' => is_string($env['mode']) && in_array($env['mode'], array('aead', 'rsa-chunked', 'plain'), true),
        'hmac' => is_string($env['hmac']) && preg_match('/^[0-9a-f]{64}$/D', $env['hmac']),
    );
    foreach ($checks as $name => $ok) {
        if (!$ok) {
            throw new CgbRefusal('malformed', $name);
        }
    }
    $payload = cgb_strict_b64($env['payload'], 'payload');
    $signature = cgb_strict_b64($env['sig'], 'sig');
    if ($env['v'] < CGB_PROTOCOL_MIN || $env['v'] > CGB_PROTOCOL_MAX) {
        throw new CgbRefusal('unsupported_version', 'v');
    }
    if ($now - $env['ts'] > CGB_MAX_PAST || $env['ts'] - $now > CGB_MAX_FUTURE) {
        throw new CgbRefusal('stale', 'ts', 401);
    }
    $canonical = cgb_canonical($env['v'], $env['action'], $env['ts'], $env['nonce'], $env['mode'], $payload);
    if (!hash_equals(hash_hmac('sha256', $canonical, $config['store_key']), $env['hmac'])) {
        throw new CgbRefusal('bad_hmac', 'hmac', 401);
    }
    // openssl_verify: 1 valid, 0 invalid, -1 (or false) error; only 1 passes.
    $verified = openssl_verify($canonical, $signature, $config['public_key'], OPENSSL_ALGO_SHA256);
    if ($verified !== 1) {
        while (openssl_error_string() !== false) {
            // drain OpenSSL's error queue so nothing leaks into a later call
        }
        throw new CgbRefusal('bad_signature', 'sig', 401);
    }
    if ($env['mode'] === 'plain' && $config['allow_plain'] !== true) {
        throw new CgbRefusal('downgrade', 'mode', 403);
    }
    if (!call_user_func($rememberNonce, $env['nonce'], $env['ts'])) {
        throw new CgbRefusal('replayed', 'nonce', 401);
    }
    $plaintext = $payload;
    if ($env['mode'] !== 'plain') {
        $plaintext = false;
        if (strlen($payload) >= 28) {
            $plaintext = openssl_decrypt(
                substr($payload, 12, -16),
                'aes-256-gcm',
                cgb_hkdf($config['store_key'], 'request-encryption'),
                OPENSSL_RAW_DATA,
                substr($payload, 0, 12),
                substr($payload, -16),
                cgb_request_aad($env['v'], $env['action'], $env['ts'], $env['nonce'])
            );
        }
        if ($plaintext === false) {
            throw new CgbRefusal('bad_payload', 'payload');
        }
    }
    $params = json_decode($plaintext, true, 64);
    if (!is_array($params) || ($params !== array() && array_keys($params) === range(0, count($params) - 1))) {
        throw new CgbRefusal('bad_payload', 'payload');
    }
    return array(
        'v' => $env['v'], 'action' => $env['action'], 'ts' => $env['ts'],
        'nonce' => $env['nonce'], 'mode' => $env['mode'], 'params' => $params,
    );
}

// ---------------------------------------------------------------- responses

/** The sealed response (PROTOCOL.md "Response"); $key and $iv are fresh random bytes. */
function cgb_seal_response($result, array $request, array $config, $status, $key, $iv)
{
    $json = json_encode($result, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION
        | JSON_INVALID_UTF8_SUBSTITUTE_COMPAT);
    if ($json === false) {
        $status = 1;
        $json = '{"code":"internal","field":"result"}';
    }
    $compressed = gzcompress($json, (int) $config['zlib_level']);
    $context = cgb_response_context($request['nonce'], $request['action']);
    $wrapped = '';
    if ($request['mode'] === 'aead') {
        if (!openssl_public_encrypt($key, $wrapped, $config['public_key'], OPENSSL_PKCS1_OAEP_PADDING)) {
            throw new RuntimeException('wrap');
        }
        $tag = '';
        $sealed = openssl_encrypt($compressed, 'aes-256-gcm', $key, OPENSSL_RAW_DATA, $iv, $tag, $context, 16);
        $body = $iv . $sealed . $tag;
        $modeByte = 1;
    } elseif ($request['mode'] === 'rsa-chunked') {
        $body = '';
        foreach (str_split($compressed, CGB_CHUNK) as $chunk) {
            $block = '';
            if (!openssl_public_encrypt($chunk, $block, $config['public_key'], OPENSSL_PKCS1_OAEP_PADDING)) {
                throw new RuntimeException('wrap');
            }
            $body .= $block;
        }
        $modeByte = 2;
    } else {
        $body = $compressed;
        $modeByte = 3;
    }
    $head = 'CGB1' . pack('CCn', $modeByte, $status, strlen($wrapped)) . $wrapped . $body;
    $macKey = cgb_hkdf($config['store_key'], 'response-mac');
    return $head . hash_hmac('sha256', $context . "\n" . $head, $macKey, true);
}

if (!defined('JSON_INVALID_UTF8_SUBSTITUTE')) {
    define('JSON_INVALID_UTF8_SUBSTITUTE_COMPAT', 0); // PHP < 7.2: invalid UTF-8 fails json_encode
} else {
    define('JSON_INVALID_UTF8_SUBSTITUTE_COMPAT', JSON_INVALID_UTF8_SUBSTITUTE);
}

// ---------------------------------------------------------------- nonce store

/** Where nonces live: config, else outside the web root, else a guarded folder here. */
function cgb_nonce_dir(array $config, $bridgeDir)
{
    $candidates = array();
    if ($config['nonce_dir'] !== '') {
        $candidates[] = array($config['nonce_dir'], 'configured');
    }
    $candidates[] = array(rtrim(sys_get_temp_dir(), '/\\') . '/cartgate-bridge-' . substr(hash('sha256', $bridgeDir), 0, 16), 'outside web root');
    $candidates[] = array($bridgeDir . '/nonces', 'inside bridge folder, guarded');
    foreach ($candidates as $candidate) {
        $dir = $candidate[0];
        if (!is_dir($dir)) {
            @mkdir($dir, 0700, true);
        }
        if (is_dir($dir) && is_writable($dir)) {
            if ($candidate[1] === 'inside bridge folder, guarded') {
                @file_put_contents($dir . '/.htaccess', "Require all denied\nDeny from all\n");
                @file_put_contents($dir . '/index.html', '');
            }
            return $candidate;
        }
    }
    return null;
}

/** Record $nonce in its minute bucket; false if it was already there (a replay). */
function cgb_remember_nonce($dir, $nonce, $ts, $now)
{
    $bucket = (int) floor($ts / 60);
    $handle = @fopen($dir . '/n-' . $bucket . '.txt', 'c+');
    if ($handle === false || !flock($handle, LOCK_EX)) {
        throw new CgbRefusal('internal', 'nonce_store', 500);
    }
    $seen = stream_get_contents($handle);
    $fresh = strpos("\n" . $seen, "\n" . $nonce . "\n") === false;
    if ($fresh && substr_count($seen, "\n") >= CGB_NONCE_BUCKET_CAP) {
        flock($handle, LOCK_UN);
        fclose($handle);
        throw new CgbRefusal('busy', 'nonce', 503);
    }
    if ($fresh) {
        fseek($handle, 0, SEEK_END);
        fwrite($handle, $nonce . "\n");
        fflush($handle);
    }
    flock($handle, LOCK_UN);
    fclose($handle);
    $oldest = (int) floor(($now - CGB_MAX_PAST - 60) / 60);
    foreach ((array) glob($dir . '/n-*.txt') as $file) {
        if ((int) substr(basename($file, '.txt'), 2) < $oldest) {
            @unlink($file);
        }
    }
    return $fresh;
}

// ---------------------------------------------------------------- cart configuration

/** define('NAME', value) calls and $var = value assignments of a PHP file, read with the tokenizer. */
function cgb_php_constants($file)
{
    $code = @file_get_contents($file);
    if ($code === false) {
        return null;
    }
    $tokens = array_values(array_filter(token_get_all($code), function ($t) {
        return !is_array($t) || !in_array($t[0], array(T_WHITESPACE, T_COMMENT, T_DOC_COMMENT), true);
    }));
    $found = array();
    $n = count($tokens);
    for ($i = 0; $i < $n; $i++) {
        $t = $tokens[$i];
        if (is_array($t) && $t[0] === T_STRING && strtolower($t[1]) === 'define' && $i + 5 < $n
            && $tokens[$i + 1] === '(' && is_array($tokens[$i + 2]) && $tokens[$i + 2][0] === T_CONSTANT_ENCAPSED_STRING
            && $tokens[$i + 3] === ',') {
            $value = cgb_php_scalar($tokens[$i + 4]);
            if ($value !== null) {
                $found[cgb_php_string($tokens[$i + 2][1])] = $value;
            }
        } elseif (is_array($t) && $t[0] === T_VARIABLE && $i + 2 < $n && $tokens[$i + 1] === '=') {
            $value = cgb_php_scalar($tokens[$i + 2]);
            if ($value !== null) {
                $found[$t[1]] = $value;
            }
        } elseif (is_array($t) && $t[0] === T_CONST && $i + 3 < $n && $tokens[$i + 2] === '=') {
            $value = cgb_php_scalar($tokens[$i + 3]);
            if ($value !== null && is_array($tokens[$i + 1])) {
                $found['const ' . $tokens[$i + 1][1]] = $value;
            }
        }
    }
    return $found;
}

function cgb_php_scalar($token)
{
    if (!is_array($token)) {
        return null;
    }
    if ($token[0] === T_CONSTANT_ENCAPSED_STRING) {
        return cgb_php_string($token[1]);
    }
    if ($token[0] === T_LNUMBER) {
        return (string) (int) $token[1];
    }
    return null;
}

/** The value of a PHP string literal without evaluating it. */
function cgb_php_string($literal)
{
    $quote = $literal[0];
    $inner = substr($literal, 1, -1);
    if ($quote === "'") {
        return strtr($inner, array('\\\\' => '\\', "\\'" => "'"));
    }
    return stripcslashes(str_replace('\\$', '$', $inner));
}

/** Include a config file that is a pure `return array(...)`, in a scope of its own. */
function cgb_php_return_array($file)
{
    if (!is_file($file)) {
        return null;
    }
    $data = (static function ($path) {
        return include $path;
    })($file);
    return is_array($data) ? $data : null;
}

/** "host", "host:port", "host:/socket" or "[v6]:port" into host, port and socket. */
function cgb_split_host($host, $port = null)
{
    $socket = null;
    if (preg_match('/^\[([^\]]+)\](?::(\d+))?$/', $host, $m)) {
        $host = $m[1];
        $port = isset($m[2]) ? $m[2] : $port;
    } elseif (substr_count($host, ':') === 1) {
        list($host, $rest) = explode(':', $host, 2);
        if (ctype_digit($rest)) {
            $port = $rest;
        } else {
            $socket = $rest;
        }
    }
    return array('host' => $host, 'port' => ($port === null || $port === '') ? 3306 : (int) $port, 'socket' => $socket);
}

function cgb_db($host, $port, $user, $password, $name, $prefix)
{
    return array_merge(cgb_split_host((string) $host, $port), array(
        'user' => (string) $user, 'password' => (string) $password, 'name' => (string) $name, 'prefix' => (string) $prefix,
    ));
}

/** Find the cart under $root: array('type', 'version', 'db' => array(...), 'session' => array(...)) or null. */
function cgb_detect_cart($root)
{
    $cart = cgb_find_cart($root);
    if ($cart !== null) {
        $hints = isset($cart['session_hints']) ? $cart['session_hints'] : array();
        unset($cart['session_hints']);
        $cart['session'] = cgb_cart_session($cart['type'], $cart['version'], $hints);
    }
    return $cart;
}

/** cgb_detect_cart without the session plan; 'session_hints' carries what the plan needs from the config. */
function cgb_find_cart($root)
{
    $root = rtrim($root, '/\\');
    $env = cgb_php_return_array($root . '/app/etc/env.php');
    if ($env !== null && isset($env['db']['connection']['default'])) {
        $c = $env['db']['connection']['default'];
        $version = null;
        foreach (array('/vendor/magento/magento2-base/composer.json', '/composer.json') as $composer) {
            $meta = is_file($root . $composer) ? json_decode((string) file_get_contents($root . $composer), true) : null;
            if ($version === null && is_array($meta) && isset($meta['version'])) {
                $version = (string) $meta['version'];
            }
        }
        $init = isset($c['initStatements']) && is_string($c['initStatements']) ? $c['initStatements'] : null;
        return array('type' => 'magento2', 'version' => $version, 'session_hints' => array('init_statements' => $init), 'db' => cgb_db(
            isset($c['host']) ? $c['host'] : 'localhost', null, isset($c['username']) ? $c['username'] : '',
            isset($c['password']) ? $c['password'] : '', isset($c['dbname']) ? $c['dbname'] : '',
            isset($env['db']['table_prefix']) ? $env['db']['table_prefix'] : ''
        ));
    }
    $ps = cgb_php_return_array($root . '/app/config/parameters.php');
    if ($ps !== null && isset($ps['parameters']['database_name'])) {
        $p = $ps['parameters'];
        $kernel = cgb_php_constants($root . '/app/AppKernel.php');
        $version = isset($kernel['const VERSION']) ? $kernel['const VERSION'] : null;
        return array('type' => 'prestashop', 'version' => $version, 'db' => cgb_db(
            $p['database_host'], isset($p['database_port']) ? $p['database_port'] : null, $p['database_user'],
            $p['database_password'], $p['database_name'], isset($p['database_prefix']) ? $p['database_prefix'] : 'ps_'
        ));
    }
    $ps16 = cgb_php_constants($root . '/config/settings.inc.php');
    if ($ps16 !== null && isset($ps16['_DB_NAME_'])) {
        return array('type' => 'prestashop', 'version' => isset($ps16['_PS_VERSION_']) ? $ps16['_PS_VERSION_'] : null,
            'db' => cgb_db($ps16['_DB_SERVER_'], null, $ps16['_DB_USER_'], $ps16['_DB_PASSWD_'], $ps16['_DB_NAME_'],
                isset($ps16['_DB_PREFIX_']) ? $ps16['_DB_PREFIX_'] : 'ps_'));
    }
    $oc = cgb_php_constants($root . '/config.php');
    if ($oc !== null && isset($oc['DB_DATABASE'], $oc['DB_HOSTNAME'])) {
        $index = cgb_php_constants($root . '/index.php');
        return array('type' => 'opencart', 'version' => isset($index['VERSION']) ? $index['VERSION'] : null,
            'db' => cgb_db($oc['DB_HOSTNAME'], isset($oc['DB_PORT']) ? $oc['DB_PORT'] : null, $oc['DB_USERNAME'],
                $oc['DB_PASSWORD'], $oc['DB_DATABASE'], isset($oc['DB_PREFIX']) ? $oc['DB_PREFIX'] : ''));
    }
    foreach (array($root . '/wp-config.php', dirname($root) . '/wp-config.php') as $wpConfig) {
        $wp = cgb_php_constants($wpConfig);
        if ($wp !== null && isset($wp['DB_NAME'])) {
            $versionFile = cgb_php_constants($root . '/wp-includes/version.php');
            $woo = $root . '/wp-content/plugins/woocommerce/woocommerce.php';
            $type = is_file($woo) ? 'woocommerce' : 'wordpress';
            $version = isset($versionFile['$wp_version']) ? $versionFile['$wp_version'] : null;
            if ($type === 'woocommerce' && preg_match('/^[ \t\/*#@]*Version:\s*(\S+)/mi', (string) file_get_contents($woo, false, null, 0, 8192), $m)) {
                $version = $m[1];
            }
            $hints = array(
                'charset' => isset($wp['DB_CHARSET']) ? $wp['DB_CHARSET'] : null,
                'collate' => isset($wp['DB_COLLATE']) ? $wp['DB_COLLATE'] : null,
            );
            return array('type' => $type, 'version' => $version, 'session_hints' => $hints, 'db' => cgb_db(
                $wp['DB_HOST'], null, $wp['DB_USER'], $wp['DB_PASSWORD'], $wp['DB_NAME'],
                isset($wp['$table_prefix']) ? $wp['$table_prefix'] : 'wp_'
            ));
        }
    }
    return null;
}

// ---------------------------------------------------------------- the cart's own session

/** MySQL modes WordPress removes from the server's (wp-includes/class-wpdb.php $incompatible_modes, 6.1 - 6.7). */
function cgb_wordpress_incompatible_modes()
{
    return array('NO_ZERO_DATE', 'ONLY_FULL_GROUP_BY', 'STRICT_TRANS_TABLES', 'STRICT_ALL_TABLES', 'TRADITIONAL', 'ANSI');
}

/**
 * How the cart's own database layer sets up each connection, so the bridge's SQL runs as the cart's does:
 * array('charset', 'collation', 'sql_mode' (null: keep the server's), 'drop_modes' (removed from the server's),
 * 'time_zone' (null: keep the server's; 'opencart_setting': the shop's config_timezone), 'foreign_key_checks').
 */
function cgb_cart_session($type, $version, array $hints)
{
    $session = array('charset' => 'utf8mb4', 'collation' => null, 'sql_mode' => null, 'drop_modes' => array(),
        'time_zone' => null, 'foreign_key_checks' => null);
    $version = (string) $version;
    if ($type === 'opencart') {
        // 3.0.3.8 upload/system/library/db/mysqli.php: set_charset('utf8'), SET SESSION sql_mode = 'NO_ZERO_IN_DATE,
        // NO_ENGINE_SUBSTITUTION'. 4.1.0.4 (and 4.0.2.3) upload/system/library/db/mysqli.php: set_charset('utf8mb4'),
        // the same sql_mode, SET FOREIGN_KEY_CHECKS = 0, SET `time_zone` = date('P'). Both then set time_zone to the
        // offset of the config_timezone setting (3.0.3.8 catalog/controller/startup/startup.php, 4.1.0.4
        // catalog/controller/startup/setting.php: "Sync PHP and DB time zones"); PHP's zone is UTC before that.
        $major = (int) $version;
        $session['charset'] = $major >= 4 ? 'utf8mb4' : 'utf8';
        $session['sql_mode'] = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';
        $session['time_zone'] = 'opencart_setting';
        $session['foreign_key_checks'] = $major >= 4 ? 0 : null;
    } elseif ($type === 'woocommerce' || $type === 'wordpress') {
        // WordPress 6.1 - 6.7 wp-includes/class-wpdb.php (wp-db.php before 6.1): determine_charset() upgrades utf8
        // to utf8mb4 and picks the collation, set_charset() runs SET NAMES ... COLLATE ..., set_sql_mode() removes
        // $incompatible_modes from the server's @@SESSION.sql_mode; time_zone is left alone (WordPress writes *_gmt
        // columns itself). An empty DB_CHARSET keeps the server's charset in WordPress; here utf8mb4, as JSON is UTF-8.
        $charset = isset($hints['charset']) ? strtolower((string) $hints['charset']) : '';
        $collate = isset($hints['collate']) ? (string) $hints['collate'] : '';
        if ($charset === 'utf8' || $charset === 'utf8mb4' || $charset === '') {
            $charset = 'utf8mb4';
            if ($collate === '' || $collate === 'utf8_general_ci') {
                $collate = 'utf8mb4_unicode_ci';
            } else {
                $collate = str_replace('utf8_', 'utf8mb4_', $collate);
            }
            if ($collate === 'utf8mb4_unicode_ci') {
                $collate = 'utf8mb4_unicode_520_ci'; // has_cap('utf8mb4_520'): MySQL 5.6+ and every MariaDB 10
            }
        }
        $session['charset'] = $charset;
        $session['collation'] = $collate === '' ? null : $collate;
        $session['drop_modes'] = cgb_wordpress_incompatible_modes();
    } elseif ($type === 'prestashop') {
        // PrestaShop classes/db/DbPDO.php (8.x, PrestaShop/PrestaShop 4912d88): connect() runs SET SESSION sql_mode
        // = '' and getPDO() connects with charset=utf8mb4 / SET NAMES utf8mb4 (utf8mb4 came with 1.7.7); 1.6.1's
        // DbPDO/DbMySQLi run SET NAMES 'utf8' and the same sql_mode.
        $session['charset'] = version_compare($version, '1.7.7', '>=') ? 'utf8mb4' : 'utf8';
        $session['sql_mode'] = '';
    } elseif ($type === 'magento2') {
        // Magento 2.4 (2.4-develop) lib/internal/Magento/Framework/DB/Adapter/Pdo/Mysql.php _connect():
        // SET SQL_MODE='', SET time_zone = '+00:00', then env.php's initStatements (the installer writes
        // 'SET NAMES utf8;').
        // Only a SET NAMES initStatement is repeated here: the bridge runs no other SQL from a config file.
        $session['charset'] = 'utf8';
        $init = isset($hints['init_statements']) ? (string) $hints['init_statements'] : '';
        if (preg_match('/^\s*SET\s+NAMES\s+\'?([A-Za-z0-9_]+)\'?\s*;?\s*$/i', $init, $m)) {
            $session['charset'] = strtolower($m[1]);
        }
        $session['sql_mode'] = '';
        $session['time_zone'] = '+00:00';
    }
    return $session;
}

/** The offset PHP's date('P') gives under the shop's config_timezone, as OpenCart's startup sets it; UTC if unset. */
function cgb_opencart_time_zone($link, $prefix)
{
    $result = $link->query('SELECT `value` FROM `' . $prefix . 'setting` WHERE store_id = 0'
        . " AND `key` = 'config_timezone'");
    $row = $result instanceof mysqli_result ? $result->fetch_row() : null;
    try {
        $zone = new DateTimeZone(is_array($row) && $row[0] !== '' ? (string) $row[0] : 'UTC');
    } catch (Exception $unknown) {
        $zone = new DateTimeZone('UTC'); // date_default_timezone_set() refuses an unknown name and PHP stays on UTC
    }
    $now = new DateTime('now', $zone);
    return $now->format('P');
}

/** Set the connection up as the cart's own driver does (cgb_cart_session); throws CgbActionError db_connect. */
function cgb_start_session($link, array $session, $prefix)
{
    $fail = function () use ($link) {
        return new CgbActionError(array('code' => 'db_connect', 'errno' => $link->errno, 'field' => 'session'));
    };
    if (!$link->set_charset($session['charset'])) {
        throw $fail();
    }
    $collation = $session['collation'];
    if (is_string($collation) && preg_match('/^[A-Za-z0-9_]+$/D', $collation . $session['charset'])
        && !$link->query('SET NAMES ' . $session['charset'] . ' COLLATE ' . $collation)
        && !$link->query('SET NAMES ' . $session['charset'] . ' COLLATE ' . str_replace('_520_', '_', $collation))) {
        throw $fail();
    }
    $sets = array();
    $mode = $session['sql_mode'];
    if ($session['drop_modes']) {
        $result = $link->query('SELECT @@SESSION.sql_mode');
        if (!$result instanceof mysqli_result) {
            throw $fail();
        }
        $row = $result->fetch_row();
        $mode = implode(',', array_diff(explode(',', strtoupper((string) $row[0])), $session['drop_modes']));
    }
    if (is_string($mode)) {
        $sets[] = "sql_mode = '" . $link->real_escape_string($mode) . "'";
    }
    $zone = $session['time_zone'] === 'opencart_setting' ? cgb_opencart_time_zone($link, $prefix) : $session['time_zone'];
    if (is_string($zone)) {
        $sets[] = "time_zone = '" . $link->real_escape_string($zone) . "'";
    }
    if ($session['foreign_key_checks'] !== null) {
        $sets[] = 'foreign_key_checks = ' . (int) $session['foreign_key_checks'];
    }
    if ($sets && !$link->query('SET SESSION ' . implode(', ', $sets))) {
        throw $fail();
    }
}

function cgb_store_root(array $config, $bridgeDir)
{
    return $config['store_root'] !== '' ? $config['store_root'] : dirname($bridgeDir);
}

// ---------------------------------------------------------------- database actions

function cgb_connect(array $cart, array $config)
{
    mysqli_report(MYSQLI_REPORT_OFF);
    $db = $cart['db'];
    $link = mysqli_init();
    $link->options(MYSQLI_OPT_CONNECT_TIMEOUT, 10);
    if (!@$link->real_connect($db['host'], $db['user'], $db['password'], $db['name'], $db['port'], $db['socket'])) {
        throw new CgbActionError(array('code' => 'db_connect', 'errno' => mysqli_connect_errno()));
    }
    // once per connection, before any query or batch: the session the cart's own driver would have
    $session = isset($cart['session']) ? $cart['session'] : cgb_cart_session($cart['type'], $cart['version'], array());
    cgb_start_session($link, $session, cgb_table_prefix($cart, $config));
    return $link;
}

function cgb_table_prefix(array $cart, array $config)
{
    $prefix = is_string($config['db_tables_prefix']) ? $config['db_tables_prefix'] : $cart['db']['prefix'];
    if (!preg_match('/^[A-Za-z0-9_]*$/D', $prefix)) {
        throw new CgbActionError(array('code' => 'no_cart_config', 'field' => 'db_tables_prefix'));
    }
    return $prefix;
}

/** Prepare, bind and run one statement; throws CgbActionError with errno/sqlstate, never SQL text. */
function cgb_run($link, $sql, $params, $prefix, $index = null)
{
    if (!is_string($sql) || $sql === '' || !is_array($params)) {
        throw new CgbActionError(array('code' => 'bad_params', 'field' => 'sql', 'index' => $index));
    }
    $stmt = $link->prepare(str_replace('{table_prefix}', $prefix, $sql));
    if ($stmt === false) {
        throw new CgbActionError(array('code' => 'sql_error', 'errno' => $link->errno, 'sqlstate' => $link->sqlstate, 'index' => $index));
    }
    if ($params) {
        $types = '';
        $values = array();
        foreach (array_values($params) as $i => $value) {
            if (is_bool($value)) {
                $value = (int) $value;
            }
            if (is_int($value)) {
                $types .= 'i';
            } elseif (is_float($value)) {
                $types .= 'd';
            } elseif (is_string($value) || $value === null) {
                $types .= 's';
            } else {
                throw new CgbActionError(array('code' => 'bad_params', 'field' => 'params', 'index' => $index));
            }
            $values[$i] = $value;
        }
        $refs = array($types);
        foreach ($values as $i => $unused) {
            $refs[] = &$values[$i];
        }
        if ($stmt->param_count !== count($values) || !call_user_func_array(array($stmt, 'bind_param'), $refs)) {
            throw new CgbActionError(array('code' => 'bad_params', 'field' => 'params', 'index' => $index));
        }
    }
    if (!$stmt->execute()) {
        $error = array('code' => 'sql_error', 'errno' => $stmt->errno, 'sqlstate' => $stmt->sqlstate, 'index' => $index);
        $stmt->close();
        throw new CgbActionError($error);
    }
    return $stmt;
}

function cgb_action_info(array $params, array $context)
{
    $cart = $context['cart'];
    $link = cgb_connect($cart, $context['config']);
    $server = $link->server_info;
    $result = $link->query('SELECT @@SESSION.sql_mode, @@SESSION.time_zone, @@SESSION.character_set_connection');
    $row = $result instanceof mysqli_result ? $result->fetch_row() : array(null, null, null);
    $link->close();
    return array(
        'bridge_version' => CGB_BRIDGE_VERSION,
        'protocol' => array(CGB_PROTOCOL_MIN, CGB_PROTOCOL_MAX),
        'php' => PHP_VERSION,
        'cart' => array('type' => $cart['type'], 'version' => $cart['version']),
        'db' => array('driver' => 'mysqli', 'server_version' => $server, 'prefix' => cgb_table_prefix($cart, $context['config'])),
        'session' => array('sql_mode' => $row[0], 'time_zone' => $row[1], 'charset' => $row[2]),
        'modes' => $context['config']['allow_plain'] === true ? array('aead', 'rsa-chunked', 'plain') : array('aead', 'rsa-chunked'),
    );
}

function cgb_action_query(array $params, array $context)
{
    $limit = isset($params['limit']) ? $params['limit'] : 1000;
    if (!is_int($limit) || $limit < 1 || $limit > CGB_MAX_ROWS) {
        throw new CgbActionError(array('code' => 'too_many_rows', 'field' => 'limit'));
    }
    $link = cgb_connect($context['cart'], $context['config']);
    $stmt = cgb_run($link, isset($params['sql']) ? $params['sql'] : null, isset($params['params']) ? $params['params'] : array(),
        cgb_table_prefix($context['cart'], $context['config']));
    $result = $stmt->get_result();
    if ($result === false) {
        return array('columns' => array(), 'rows' => array(), 'more' => false, 'affected_rows' => $stmt->affected_rows);
    }
    $columns = array();
    foreach ($result->fetch_fields() as $f) {
        $columns[] = $f->name;
    }
    // "objects" gives each row as {column: value}: more bytes, but the gateway parses it straight into dicts
    $objects = isset($params['shape']) && $params['shape'] === 'objects';
    if ($result->num_rows <= $limit) {
        $rows = $result->fetch_all($objects ? MYSQLI_ASSOC : MYSQLI_NUM);
        $more = false;
    } else {
        $rows = array();
        for ($i = 0; $i < $limit; $i++) {
            $rows[] = $objects ? $result->fetch_assoc() : $result->fetch_row();
        }
        $more = true;
    }
    $result->free();
    $stmt->close();
    $link->close();
    return array('columns' => $columns, 'rows' => $rows, 'more' => $more);
}

function cgb_action_batch(array $params, array $context)
{
    $statements = isset($params['statements']) ? $params['statements'] : null;
    if (!is_array($statements) || count($statements) < 1 || count($statements) > CGB_MAX_STATEMENTS) {
        throw new CgbActionError(array('code' => 'bad_params', 'field' => 'statements'));
    }
    $link = cgb_connect($context['cart'], $context['config']);
    $prefix = cgb_table_prefix($context['cart'], $context['config']);
    $link->begin_transaction();
    $results = array();
    try {
        foreach (array_values($statements) as $i => $statement) {
            if (!is_array($statement)) {
                throw new CgbActionError(array('code' => 'bad_params', 'field' => 'statements', 'index' => $i));
            }
            $stmt = cgb_run($link, isset($statement['sql']) ? $statement['sql'] : null,
                isset($statement['params']) ? $statement['params'] : array(), $prefix, $i);
            $results[] = array('insert_id' => $stmt->insert_id, 'affected_rows' => $stmt->affected_rows);
            $stmt->close();
        }
        if (!$link->commit()) {
            throw new CgbActionError(array('code' => 'sql_error', 'errno' => $link->errno, 'sqlstate' => $link->sqlstate));
        }
    } catch (CgbActionError $error) {
        $link->rollback();
        $link->close();
        throw $error;
    }
    $link->close();
    return array('results' => $results);
}

/** The action table: name => handler. */
function cgb_actions()
{
    return array(
        'info' => 'cgb_action_info',
        'query' => 'cgb_action_query',
        'batch' => 'cgb_action_batch',
    );
}

// ---------------------------------------------------------------- HTTP

function cgb_refuse(CgbRefusal $refusal)
{
    $messages = array(
        'too_large' => 'request too large', 'malformed' => 'malformed request', 'unsupported_version' => 'unsupported protocol version',
        'stale' => 'timestamp outside the window', 'bad_hmac' => 'authentication failed', 'bad_signature' => 'authentication failed',
        'downgrade' => 'plain mode not allowed', 'replayed' => 'nonce already used', 'bad_payload' => 'payload does not decrypt',
        'unknown_action' => 'unknown action', 'busy' => 'busy', 'no_config' => 'bridge not configured', 'internal' => 'internal error',
    );
    http_response_code($refusal->http);
    header('Content-Type: application/json');
    header('Cache-Control: no-store');
    echo json_encode(array('error' => array(
        'code' => $refusal->codeName,
        'field' => $refusal->field,
        'message' => isset($messages[$refusal->codeName]) ? $messages[$refusal->codeName] : 'error',
    )));
}

function cgb_install_page($config, $bridgeDir)
{
    header('Content-Type: text/plain; charset=utf-8');
    header('Cache-Control: no-store');
    $ok = function ($flag) {
        return $flag ? 'ok' : 'MISSING';
    };
    $lines = array('Version: ' . CGB_BRIDGE_VERSION . ' BRIDGE INSTALLED.');
    $lines[] = 'php: ' . $ok(PHP_VERSION_ID >= 70102 && function_exists('hash_hkdf')) . ' (' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . ', 7.1.2+ needed)';
    $lines[] = 'openssl: ' . $ok(extension_loaded('openssl'));
    $lines[] = 'mysqli: ' . $ok(extension_loaded('mysqli') && function_exists('mysqli_stmt_get_result'));
    $lines[] = 'pdo_mysql: ' . (extension_loaded('pdo_mysql') ? 'ok' : 'absent (not needed)');
    $lines[] = 'zlib: ' . $ok(function_exists('gzcompress'));
    $lines[] = 'config: ' . ($config === null ? 'MISSING or invalid config.php' : 'ok');
    if ($config !== null) {
        $cart = cgb_detect_cart(cgb_store_root($config, $bridgeDir));
        $lines[] = 'cart: ' . ($cart === null ? 'NOT FOUND (set store_root)' : $cart['type']);
        $nonce = cgb_nonce_dir($config, $bridgeDir);
        $lines[] = 'nonce store: ' . ($nonce === null ? 'NOT WRITABLE' : 'ok (' . $nonce[1] . ')');
        if ($config['allow_plain'] === true) {
            $lines[] = 'INSECURE: plain mode allowed (requests and responses are not encrypted)';
        }
    }
    echo implode("\n", $lines), "\n";
}

function cgb_main()
{
    // A PHP notice printed into a sealed response would corrupt it, and could show a path: log only.
    @ini_set('display_errors', '0');
    $bridgeDir = __DIR__;
    $config = cgb_load_config($bridgeDir);
    $method = isset($_SERVER['REQUEST_METHOD']) ? $_SERVER['REQUEST_METHOD'] : 'GET';
    if ($method !== 'POST') {
        cgb_install_page($config, $bridgeDir);
        return;
    }
    try {
        if ($config === null) {
            throw new CgbRefusal('no_config', null, 503);
        }
        $max = (int) $config['max_request_bytes'];
        if (isset($_SERVER['CONTENT_LENGTH']) && (int) $_SERVER['CONTENT_LENGTH'] > $max) {
            throw new CgbRefusal('too_large', 'body', 413);
        }
        $body = (string) file_get_contents('php://input', false, null, 0, $max + 1);
        $nonceDir = cgb_nonce_dir($config, $bridgeDir);
        if ($nonceDir === null) {
            throw new CgbRefusal('internal', 'nonce_store', 500);
        }
        $now = time();
        $request = cgb_open_request($body, $config, $now, function ($nonce, $ts) use ($nonceDir, $now) {
            return cgb_remember_nonce($nonceDir[0], $nonce, $ts, $now);
        });
        $actions = cgb_actions();
        if (!isset($actions[$request['action']])) {
            throw new CgbRefusal('unknown_action', 'action');
        }
    } catch (CgbRefusal $refusal) {
        cgb_refuse($refusal);
        return;
    }
    $status = 0;
    try {
        $cart = cgb_detect_cart(cgb_store_root($config, $bridgeDir));
        if ($cart === null) {
            throw new CgbActionError(array('code' => 'no_cart_config'));
        }
        $result = call_user_func($actions[$request['action']], $request['params'], array('config' => $config, 'cart' => $cart));
    } catch (CgbActionError $error) {
        $status = 1;
        $result = $error->detail;
    } catch (Throwable $error) {
        $status = 1;
        $result = array('code' => 'internal');
    }
    header('Content-Type: application/octet-stream');
    header('Cache-Control: no-store');
    echo cgb_seal_response($result, $request, $config, $status, random_bytes(32), random_bytes(12));
}

if (!defined('CGB_LIBRARY')) {
    cgb_main();
}
