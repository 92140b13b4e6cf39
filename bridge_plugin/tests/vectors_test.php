<?php
/**
 * The PHP half of the shared vectors (../vectors/v1.json), run by tests/bridge/test_php_vectors.py.
 *
 * Checks that bridge.php derives the same keys, canonical strings, HMACs, signatures and
 * ciphertexts as gateway/bridge/protocol.py, opens every request vector, refuses every refusal
 * vector with its code and field, and seals responses whose deterministic bytes match. Prints
 * one JSON object: {"failures": [...], "sealed": [...]} - the sealed responses are opened by
 * Python next (PHP builds, Python opens). Exit code 1 on any failure.
 */

define('CGB_LIBRARY', true);
require __DIR__ . '/../bridge2cart/bridge.php';

$v = json_decode(file_get_contents(__DIR__ . '/../vectors/v1.json'), true);
$failures = array();
$check = function ($ok, $what) use (&$failures) {
    if (!$ok) {
        $failures[] = $what;
    }
};
$config = array(
    'store_key' => $v['store_key'], 'public_key' => $v['public_key_pem'], 'allow_plain' => true,
    'max_request_bytes' => CGB_DEFAULT_MAX_REQUEST, 'zlib_level' => 1,
);
$flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;

$check(bin2hex(cgb_hkdf($v['store_key'], 'request-encryption')) === $v['derived']['request_encryption'], 'hkdf request-encryption');
$check(bin2hex(cgb_hkdf($v['store_key'], 'response-mac')) === $v['derived']['response_mac'], 'hkdf response-mac');

foreach ($v['requests'] as $case) {
    $name = $case['name'];
    $nonce = rtrim(strtr(base64_encode(hex2bin($case['nonce_hex'])), '+/', '-_'), '=');
    $json = json_encode((object) $case['params'], $flags);
    if ($case['mode'] === 'plain') {
        $payload = $json;
    } else {
        $iv = hex2bin($case['iv_hex']);
        $tag = '';
        $ct = openssl_encrypt($json, 'aes-256-gcm', cgb_hkdf($v['store_key'], 'request-encryption'), OPENSSL_RAW_DATA,
            $iv, $tag, cgb_request_aad(1, $case['action'], $case['now'], $nonce), 16);
        $payload = $iv . $ct . $tag;
    }
    $check(base64_encode($payload) === $case['payload'], "$name: payload");
    $canonical = cgb_canonical(1, $case['action'], $case['now'], $nonce, $case['mode'], $payload);
    $check($canonical === $case['canonical'], "$name: canonical");
    $check(hash_hmac('sha256', $canonical, $v['store_key']) === $case['hmac'], "$name: hmac");
    $sig = '';
    openssl_sign($canonical, $sig, $v['private_key_pem'], OPENSSL_ALGO_SHA256);
    $check(base64_encode($sig) === $case['sig'], "$name: signature");
    try {
        $opened = cgb_open_request($case['body'], $config, $case['now'], function () { return true; });
        $check($opened['params'] == $case['params'] && $opened['action'] === $case['action'], "$name: opened params");
    } catch (CgbRefusal $r) {
        $check(false, "$name: refused as " . $r->codeName);
    }
}

foreach ($v['refusals'] as $case) {
    $strict = array_merge($config, array('allow_plain' => $case['allow_plain']));
    try {
        cgb_open_request($case['body'], $strict, $case['now'], function () { return true; });
        $check(false, $case['name'] . ': accepted');
    } catch (CgbRefusal $r) {
        $check($r->codeName === $case['code'] && $r->field === $case['field'],
            $case['name'] . ": got {$r->codeName}/{$r->field}, want {$case['code']}/{$case['field']}");
    }
}

// openssl_verify answers 1, 0 or -1/false: an unusable public key (-1/false) must refuse, not pass.
$broken = array_merge($config, array('public_key' => "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n"));
try {
    $previous = error_reporting(0);
    cgb_open_request($v['requests'][0]['body'], $broken, $v['requests'][0]['now'], function () { return true; });
    $check(false, 'unusable public key: accepted');
} catch (CgbRefusal $r) {
    $check($r->codeName === 'bad_signature', 'unusable public key: got ' . $r->codeName);
} finally {
    error_reporting($previous);
}

$sealed = array();
foreach ($v['responses'] as $case) {
    $request = array('nonce' => $case['nonce'], 'action' => $case['action'], 'mode' => $case['mode']);
    $key = hex2bin($case['response_key_hex']);
    $body = cgb_seal_response($case['result'], $request, $config, $case['status'], $key, hex2bin($case['iv_hex']));
    $want = hex2bin($case['body_hex']);
    $wrappedLen = unpack('n', substr($body, 6, 2))[1];
    $check(substr($body, 0, 6) === substr($want, 0, 6), $case['name'] . ': header');
    if ($case['mode'] !== 'rsa-chunked') {
        // everything but the randomised RSA-OAEP key wrap (and the MAC over it) is deterministic
        $check(substr($body, 8 + $wrappedLen, -32) === substr($want, 8 + $wrappedLen, -32), $case['name'] . ': sealed body');
    }
    if ($case['mode'] === 'aead') {
        $unwrapped = '';
        openssl_private_decrypt(substr($body, 8, $wrappedLen), $unwrapped, $v['private_key_pem'], OPENSSL_PKCS1_OAEP_PADDING);
        $check($unwrapped === $key, $case['name'] . ': wrapped key');
    }
    $sealed[] = array('name' => $case['name'], 'body_hex' => bin2hex($body));
}

echo json_encode(array('failures' => $failures, 'sealed' => $sealed)), "\n";
exit($failures ? 1 : 0);
