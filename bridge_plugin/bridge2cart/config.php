<?php
/*
 * cartgate bridge configuration for one store. The gateway fills this file when you download the
 * bridge (bridge.download); keep it private. It holds the store key and the gateway's PUBLIC key
 * only: the private key never leaves the gateway.
 */
return array(
    // 32 hex characters; the same store_key you pass to account.cart.add.
    'store_key' => '{{STORE_KEY}}',
    // The gateway's RSA public key for this store (SPKI PEM).
    'public_key' => '{{PUBLIC_KEY}}',
    // Absolute path of the shop's root folder; '' means the folder that contains bridge2cart/.
    'store_root' => '{{STORE_ROOT}}',
    // Table prefix override; null means the prefix found in the shop's own configuration.
    'db_tables_prefix' => null /* DB_TABLES_PREFIX */,
    // Where used nonces are kept; '' means the system temp folder (outside the web root).
    'nonce_dir' => '',
    // INSECURE: allow requests and responses without encryption. Both sides must switch it on.
    'allow_plain' => false /* ALLOW_PLAIN */,
    // Largest request body accepted, in bytes.
    'max_request_bytes' => 8388608,
    // zlib level of responses: 1 is fastest; higher saves little and costs much CPU.
    'zlib_level' => 1,
);
