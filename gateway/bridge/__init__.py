"""The gateway's side of the PHP bridge: protocol (sans-I/O), client, keys, package and FTP upload."""
