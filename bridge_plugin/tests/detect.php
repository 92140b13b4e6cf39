<?php
/** Print what bridge.php detects under the store root given as argv[1], as JSON (used by pytest). */
define('CGB_LIBRARY', true);
require __DIR__ . '/../bridge2cart/bridge.php';
echo json_encode(cgb_detect_cart($argv[1])), "\n";
