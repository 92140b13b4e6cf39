<?php
/** The file nonce store: replays found, buckets by minute, old buckets pruned. Run by pytest; exit 1 on failure. */
define('CGB_LIBRARY', true);
require __DIR__ . '/../bridge2cart/bridge.php';

$dir = $argv[1];
$failures = array();
$check = function ($ok, $what) use (&$failures) {
    if (!$ok) {
        $failures[] = $what;
    }
};
$now = 1767225600;
$check(cgb_remember_nonce($dir, 'AAAAAAAAAAAAAAAAAAAAAA', $now, $now) === true, 'first use is fresh');
$check(cgb_remember_nonce($dir, 'AAAAAAAAAAAAAAAAAAAAAA', $now, $now) === false, 'second use is a replay');
$check(cgb_remember_nonce($dir, 'AAAAAAAAAAAAAAAAAAAAAB', $now, $now) === true, 'another nonce is fresh');
$check(cgb_remember_nonce($dir, 'AAAAAAAAAAAAAAAAAAAAA', $now, $now) === true, 'a prefix of a used nonce is fresh');
$check(cgb_remember_nonce($dir, 'BBBBBBBBBBBBBBBBBBBBBB', $now - 290, $now) === true, 'older bucket');
$check(count(glob($dir . '/n-*.txt')) === 2, 'two buckets');
// ten minutes later the old buckets are outside the window and are pruned by the next request
$later = $now + 700;
$check(cgb_remember_nonce($dir, 'CCCCCCCCCCCCCCCCCCCCCC', $later, $later) === true, 'fresh later');
$check(count(glob($dir . '/n-*.txt')) === 1, 'old buckets pruned');
echo json_encode(array('failures' => $failures)), "\n";
exit($failures ? 1 : 0);
