"""Draft SQL for the OpenCart connector, per version, as the bridge runs it (``?`` placeholders, ``{table_prefix}``).

Reads page by keyset (``id > ?``, ``LIMIT ?``); child rows of a page are fetched by id range. Writes are lists of
statements for one bridge ``batch``. Every statement here is executed against the generated 3.0.3.8 and 4.1.0.4
shops by tests/shops_tests/test_opencart_sql.py and quoted in docs/platforms/opencart-schema.md.
"""

from __future__ import annotations

P = "{table_prefix}"

# --- reads ------------------------------------------------------------------------------------------------------

# params: language_id, after_product_id, limit
PRODUCT_PAGE = {
    "3": f"""SELECT p.product_id, p.model, p.sku, p.upc, p.ean, p.mpn, p.quantity, p.price, p.status, p.image,
  p.manufacturer_id, p.weight, p.date_added, p.date_modified, pd.name, pd.description
FROM {P}product p
LEFT JOIN {P}product_description pd ON pd.product_id = p.product_id AND pd.language_id = ?
WHERE p.product_id > ? ORDER BY p.product_id LIMIT ?""",
    "4": f"""SELECT p.product_id, p.model,
  (SELECT c.value FROM {P}product_code c WHERE c.product_id = p.product_id AND c.code = 'SKU' LIMIT 1) AS sku,
  (SELECT c.value FROM {P}product_code c WHERE c.product_id = p.product_id AND c.code = 'UPC' LIMIT 1) AS upc,
  (SELECT c.value FROM {P}product_code c WHERE c.product_id = p.product_id AND c.code = 'EAN' LIMIT 1) AS ean,
  (SELECT c.value FROM {P}product_code c WHERE c.product_id = p.product_id AND c.code = 'MPN' LIMIT 1) AS mpn,
  p.quantity, p.price, p.status, p.image, p.manufacturer_id, p.weight, p.date_added, p.date_modified,
  pd.name, pd.description
FROM {P}product p
LEFT JOIN {P}product_description pd ON pd.product_id = p.product_id AND pd.language_id = ?
WHERE p.product_id > ? ORDER BY p.product_id LIMIT ?""",
}

# params: first_product_id, last_product_id (the page's range) - every language's texts
PRODUCT_DESCRIPTIONS = f"""SELECT pd.product_id, l.code AS language, pd.name, pd.description, pd.meta_title
FROM {P}product_description pd JOIN {P}language l ON l.language_id = pd.language_id
WHERE pd.product_id BETWEEN ? AND ? ORDER BY pd.product_id, pd.language_id"""

# params: language_id, language_id, first_product_id, last_product_id - options and values = unified variants
PRODUCT_VARIANTS = f"""SELECT pov.product_id, pov.product_option_value_id, pov.product_option_id,
  od.name AS option_name, ovd.name AS value_name, pov.quantity, pov.subtract, pov.price, pov.price_prefix
FROM {P}product_option_value pov
JOIN {P}option_description od ON od.option_id = pov.option_id AND od.language_id = ?
JOIN {P}option_value_description ovd ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = ?
WHERE pov.product_id BETWEEN ? AND ? ORDER BY pov.product_id, pov.product_option_value_id"""

# params: customer_group_id, first_product_id, last_product_id
PRODUCT_SPECIALS = {
    "3": f"""SELECT product_id, price, date_start, date_end, priority FROM {P}product_special
WHERE customer_group_id = ? AND product_id BETWEEN ? AND ? ORDER BY product_id, priority, price""",
    "4": f"""SELECT product_id, price, date_start, date_end, priority, type FROM {P}product_discount
WHERE special = 1 AND quantity = 1 AND customer_group_id = ? AND product_id BETWEEN ? AND ?
ORDER BY product_id, priority, price""",
}

# params: language_id, after_order_id, limit
ORDER_PAGE = f"""SELECT o.order_id, o.customer_id, o.email, o.firstname, o.lastname, o.order_status_id,
  os.name AS status, o.currency_code, o.currency_value, o.total, o.date_added, o.date_modified,
  SUM(CASE WHEN ot.code = 'sub_total' THEN ot.value ELSE 0 END) AS subtotal,
  SUM(CASE WHEN ot.code = 'shipping' THEN ot.value ELSE 0 END) AS shipping,
  SUM(CASE WHEN ot.code = 'tax' THEN ot.value ELSE 0 END) AS tax,
  -SUM(CASE WHEN ot.code IN ('coupon', 'voucher', 'reward', 'credit') THEN ot.value ELSE 0 END) AS discount,
  SUM(CASE WHEN ot.code = 'total' THEN ot.value ELSE 0 END) AS grand_total,
  SUM(CASE WHEN ot.code NOT IN ('sub_total', 'shipping', 'tax', 'coupon', 'voucher', 'reward', 'credit', 'total')
      THEN ot.value ELSE 0 END) AS other_totals
FROM {P}order o
LEFT JOIN {P}order_status os ON os.order_status_id = o.order_status_id AND os.language_id = ?
LEFT JOIN {P}order_total ot ON ot.order_id = o.order_id
WHERE o.order_status_id > 0 AND o.order_id > ?
GROUP BY o.order_id ORDER BY o.order_id LIMIT ?"""

# params: window_start, cursor_time, cursor_time, cursor_id, window_end, limit
# Half-open window [start, end), ties on the timestamp broken by id; the cursor is the last (time, id) seen.
ORDER_CHANGES = {
    "3": f"""SELECT o.order_id, o.date_modified AS changed FROM {P}order o
WHERE o.order_status_id > 0 AND o.date_modified >= ?
  AND (o.date_modified > ? OR (o.date_modified = ? AND o.order_id > ?)) AND o.date_modified < ?
ORDER BY o.date_modified, o.order_id LIMIT ?""",
    # 4.1 does not touch oc_order.date_modified on a status change: the history row is the change.
    "4": f"""SELECT c.order_id, c.changed FROM (
  SELECT o.order_id, GREATEST(o.date_modified, COALESCE(h.last_change, o.date_modified)) AS changed
  FROM {P}order o LEFT JOIN (SELECT order_id, MAX(date_added) AS last_change FROM {P}order_history
    GROUP BY order_id) h ON h.order_id = o.order_id
  WHERE o.order_status_id > 0) c
WHERE c.changed >= ? AND (c.changed > ? OR (c.changed = ? AND c.order_id > ?)) AND c.changed < ?
ORDER BY c.changed, c.order_id LIMIT ?""",
}

# params: language_id x3, after_return_id, limit
RETURN_PAGE = f"""SELECT r.return_id, r.order_id, r.product_id, r.product, r.model, r.quantity, r.opened,
  rr.name AS reason, rs.name AS status, ra.name AS action, r.comment, r.date_ordered, r.date_added, r.date_modified
FROM {P}return r
LEFT JOIN {P}return_reason rr ON rr.return_reason_id = r.return_reason_id AND rr.language_id = ?
LEFT JOIN {P}return_status rs ON rs.return_status_id = r.return_status_id AND rs.language_id = ?
LEFT JOIN {P}return_action ra ON ra.return_action_id = r.return_action_id AND ra.language_id = ?
WHERE r.return_id > ? ORDER BY r.return_id LIMIT ?"""

# --- writes (each list is one bridge batch) ------------------------------------------------------------------

# OpenCart's processing ∪ complete statuses decide stock moves (config_processing_status, config_complete_status).
# params of each statement are listed beside it. Subtract when leaving "not counted" for "counted"; SUM per product
# because one order can hold the same product on two lines (a multi-table UPDATE would subtract only once).
STOCK_SUBTRACT = [
    (f"""UPDATE {P}product p SET p.quantity = p.quantity - (SELECT SUM(op.quantity) FROM {P}order_product op
  WHERE op.order_id = ? AND op.product_id = p.product_id)
WHERE p.subtract = 1 AND p.product_id IN (SELECT op2.product_id FROM {P}order_product op2 WHERE op2.order_id = ?)""",
     ("order_id", "order_id")),
    (f"""UPDATE {P}product_option_value pov SET pov.quantity = pov.quantity - (SELECT SUM(op.quantity)
  FROM {P}order_option oo JOIN {P}order_product op ON op.order_product_id = oo.order_product_id
  WHERE oo.order_id = ? AND oo.product_option_value_id = pov.product_option_value_id)
WHERE pov.subtract = 1 AND pov.product_option_value_id IN (
  SELECT oo2.product_option_value_id FROM {P}order_option oo2 WHERE oo2.order_id = ?)""",
     ("order_id", "order_id")),
]

ORDER_STATUS_CHANGE = {
    "3": [(f"UPDATE {P}order SET order_status_id = ?, date_modified = NOW() WHERE order_id = ?",
           ("order_status_id", "order_id")),
          (f"INSERT INTO {P}order_history (order_id, order_status_id, notify, comment, date_added) "
           "VALUES (?, ?, ?, ?, NOW())", ("order_id", "order_status_id", "notify", "comment"))],
    "4": [(f"UPDATE {P}order SET order_status_id = ? WHERE order_id = ?", ("order_status_id", "order_id")),
          (f"INSERT INTO {P}order_history (order_id, order_status_id, notify, comment, date_added) "
           "VALUES (?, ?, ?, ?, NOW())", ("order_id", "order_status_id", "notify", "comment"))],
}

_RETURN_INSERT = (f"""INSERT INTO {P}return (order_id, product_id, customer_id, firstname, lastname, email, telephone,
  product, model, quantity, opened, return_reason_id, return_action_id, return_status_id, comment, date_ordered,
  date_added, date_modified)
SELECT o.order_id, op.product_id, o.customer_id, o.firstname, o.lastname, o.email, o.telephone, op.name, op.model,
  ?, ?, ?, ?, ?, ?, DATE(o.date_added), NOW(), NOW()
FROM {P}order o JOIN {P}order_product op ON op.order_id = o.order_id
WHERE o.order_id = ? AND op.order_product_id = ? AND op.quantity >= ?""",
                  ("quantity", "opened", "return_reason_id", "return_action_id", "return_status_id", "comment",
                   "order_id", "order_product_id", "quantity"))
# The history row: 4.1's admin writes it on creation; 3.x writes none until the first status change - we write it on
# both so every return has its creation in its history.
# LAST_INSERT_ID() is this connection's last insert (the bridge opens one per request), and the NOT EXISTS guard
# keeps a stale id from getting a second history row: when the return insert matched no order line, nothing is
# written at all (3.x tables are MyISAM, where the batch's rollback undoes nothing).
_RETURN_HISTORY = (f"""INSERT INTO {P}return_history (return_id, return_status_id, notify, comment, date_added)
SELECT r.return_id, ?, 0, '', NOW() FROM {P}return r
WHERE r.return_id = LAST_INSERT_ID()
  AND NOT EXISTS (SELECT 1 FROM {P}return_history h WHERE h.return_id = r.return_id)""", ("return_status_id",))
RETURN_ADD = [_RETURN_INSERT, _RETURN_HISTORY]

RETURN_STATUS_CHANGE = [
    (f"UPDATE {P}return SET return_status_id = ?, date_modified = NOW() WHERE return_id = ?",
     ("return_status_id", "return_id")),
    (f"INSERT INTO {P}return_history (return_id, return_status_id, notify, comment, date_added) "
     "VALUES (?, ?, ?, ?, NOW())", ("return_id", "return_status_id", "notify", "comment")),
]
