"""A deterministic generator of the Demo platform's shop, as unified model objects.

``generate_shop(seed=...)`` always builds the same shop for the same arguments: nested categories
(3 levels), products with options, variants, images, prices and stock in two warehouses,
customers with addresses, orders spread over two years across every status (with status
history, shipments, refunds and returns), all obeying the order totals rules. Sizes scale by
argument, e.g. ``generate_shop(products=100_000, orders=200_000)`` for benchmarks. Every object
is validated by pydantic as it is built (``model_construct`` was measured slower, not faster).
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from connectors.demo import names
from connectors.model import (
    Address,
    BaseCustomer,
    Cart,
    Category,
    Combination,
    Country,
    Currency,
    Customer,
    Image,
    Language,
    Order,
    OrderItem,
    OrderStatus,
    OrderStatusHistoryItem,
    OrderTotal,
    OrderTotals,
    PaymentMethod,
    Product,
    ProductInventory,
    ProductOption,
    ProductOptionItem,
    Refund,
    RefundItem,
    Return,
    ReturnOrderProduct,
    Shipment,
    ShipmentItem,
    ShippingMethod,
    State,
    StoreInfo,
    TrackingNumber,
    Variant,
    Warehouse,
)
from connectors.model.category import category_paths
from connectors.model.product import SpecialPrice, TierPrice
from connectors.model.reference import (
    DEFAULT_ORDER_STATUSES,
    DEFAULT_RETURN_ACTIONS,
    DEFAULT_RETURN_REASONS,
    DEFAULT_RETURN_STATUSES,
    OrderStatusRef,
    ReturnActionRef,
    ReturnReasonRef,
    ReturnStatusRef,
)

__all__ = ["DEMO_NOW", "DemoShop", "generate_shop", "iter_variants", "stream_shop"]

M = TypeVar("M", bound=BaseModel)

# The fixed "today" of the default shop, so the same seed gives the same times on any day.
DEMO_NOW = datetime(2026, 1, 1, tzinfo=UTC)
CENT = Decimal("0.01")
ZERO = Decimal(0)
WAREHOUSE_IDS = ("1", "2")
USD = Currency(id="USD", name="US Dollar", iso3="USD", symbol_left="$", rate=1.0, avail=True, default=True)
ENGLISH = Language(id="1", iso_code="en", name="English")

# status -> (weight, path of statuses from pending up to it)
_FLOWS: dict[str, tuple[int, tuple[str, ...]]] = {
    "pending": (8, ("pending",)),
    "processing": (10, ("pending", "processing")),
    "on_hold": (4, ("pending", "on_hold")),
    "shipped": (10, ("pending", "processing", "shipped")),
    "completed": (50, ("pending", "processing", "shipped", "completed")),
    "canceled": (10, ("pending", "canceled")),
    "refunded": (8, ("pending", "processing", "shipped", "completed", "refunded")),
}
_STATUS_NAMES = {entry.id: entry.name for entry in DEFAULT_ORDER_STATUSES}


@dataclass(slots=True)
class DemoShop:
    """Everything the Demo platform serves, in unified model objects."""

    cart: Cart
    categories: list[Category]
    products: list[Product]
    customers: list[Customer]
    orders: list[Order]
    returns: list[Return]
    order_statuses: tuple[OrderStatusRef, ...] = DEFAULT_ORDER_STATUSES
    return_reasons: tuple[ReturnReasonRef, ...] = DEFAULT_RETURN_REASONS
    return_statuses: tuple[ReturnStatusRef, ...] = DEFAULT_RETURN_STATUSES
    return_actions: tuple[ReturnActionRef, ...] = DEFAULT_RETURN_ACTIONS
    counters: dict[str, int] = field(default_factory=dict)


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


class _Builder:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.start = now - timedelta(days=730)
        self.next_shipment = 1
        self.next_refund = 1

    def new(self, cls: type[M], **values: Any) -> M:
        return cls(**values)

    def moment(self, after: datetime, before: datetime | None = None) -> datetime:
        end = before or self.now
        span = max(0, int((end - after).total_seconds()))
        return after + timedelta(seconds=self.rng.randint(0, span))

    def later(self, moment: datetime, max_hours: int) -> datetime:
        return min(self.now, moment + timedelta(minutes=self.rng.randint(5, max_hours * 60)))

    # catalogue -----------------------------------------------------------------------------
    def categories(self) -> list[Category]:
        made: list[Category] = []

        def add(name: str, parent: str | None) -> str:
            ident = str(len(made) + 1)
            created = self.moment(self.start, self.start + timedelta(days=30))
            made.append(self.new(
                Category, id=ident, parent_id=parent, name=name, created_at=created,
                modified_at=self.moment(created), description=f"{name} at the Demo store.",
                meta_title=name, seo_url=_slug(name), sort_order=len(made), avail=True, stores_ids=["1"],
            ))  # fmt: skip
            return ident

        for department, groups in names.DEPARTMENTS.items():
            root = add(department, None)
            for group, kinds in groups.items():
                middle = add(group, root)
                for kind in kinds:
                    add(kind, middle)
        paths = category_paths(made)
        for category in made:
            category.path = paths[category.id]
        return made

    def product(self, number: int, leaves: list[Category]) -> Product:
        rng = self.rng
        ident = str(number)
        leaf = rng.choice(leaves)
        name = f"{rng.choice(names.ADJECTIVES)} {rng.choice(names.MATERIALS)} {leaf.name.rstrip('s')}"
        price = _money(rng.choice((4.99, 9.5, 14.99, 19.9, 24.0, 39.9, 59.0, 89.99, 129.0, 249.5)) + rng.randint(0, 5))
        created = self.moment(self.start, self.now - timedelta(days=1))
        modified = self.moment(created)
        sku = f"DEMO-{number:04d}"
        configurable = number == 1 or rng.random() < 0.3
        options: list[ProductOption] = []
        children: list[Variant] = []
        if configurable:
            colours = rng.sample(names.COLOURS, 2) if rng.random() < 0.4 else []
            options.append(self._option(ident, "1", "Size", list(names.SIZES)))
            if colours:
                options.append(self._option(ident, "2", "Colour", colours))
            combos = [(s, c) for s in range(len(names.SIZES)) for c in range(max(1, len(colours)))]
            for index, (size, colour) in enumerate(combos, start=1):
                children.append(self._variant(ident, index, sku, name, price, created, modified, options, size, colour))
        inventory = self._inventory(children)
        images = [
            self.new(Image, id=f"{ident}-{k}", http_path=f"https://demo.cartgate.invalid/img/p{ident}-{k}.jpg",
                     file_name=f"p{ident}-{k}.jpg", mime_type="image/jpeg", alt=name, sort_order=k,
                     type="base" if k == 1 else "additional")
            for k in range(1, rng.randint(1, 3) + 1)
        ]  # fmt: skip
        special = None
        if rng.random() < 0.1:
            special = self.new(SpecialPrice, value=_money(price * Decimal("0.8")), avail=True,
                               created_at=modified, expired_at=self.now + timedelta(days=30))  # fmt: skip
        tiers = [self.new(TierPrice, qty=10, price=_money(price * Decimal("0.9")))] if rng.random() < 0.05 else []
        quantity = sum(row.quantity for row in inventory)
        return self.new(
            Product, id=ident, type="configurable" if configurable else "simple", u_model=sku, u_sku=sku,
            name=name, description=f"<p>{name}: made for the Demo store.</p>", short_description=name,
            price=price, cost_price=_money(price * Decimal("0.55")), quantity=quantity, inventory=inventory,
            u_brand="Demo Goods", categories_ids=[leaf.id], stores_ids=["1"],
            url=f"https://demo.cartgate.invalid/p/{_slug(name)}-{ident}", seo_url=f"{_slug(name)}-{ident}",
            meta_title=name, meta_description=f"Buy {name} at the Demo store.", meta_keywords=leaf.name.lower(),
            avail_sale=rng.random() > 0.05, avail_view=True, is_virtual=False, weight=float(rng.randint(1, 40)) / 10,
            weight_unit="kg", in_stock=quantity > 0, manage_stock="yes", is_stock_managed=True,
            backorders="no", on_sale=special is not None, create_at=created, modified_at=modified,
            tax_class_id="1", special_price=special, tier_price=tiers, images=images, product_options=options,
            u_ean=f"{4000000000000 + number}", children=children, currency_code="USD",
        )  # fmt: skip

    def _option(self, product_id: str, option_id: str, name: str, values: list[str]) -> ProductOption:
        items = [self.new(ProductOptionItem, id=f"{option_id}-{k}", name=value, sort_order=k, price=ZERO)
                 for k, value in enumerate(values, start=1)]  # fmt: skip
        return self.new(ProductOption, id=option_id, product_option_id=f"{product_id}-{option_id}", name=name,
                        type="select", required=True, available=True, used_in_combination=True,
                        option_items=items)  # fmt: skip

    def _variant(self, product_id: str, index: int, sku: str, name: str, price: Decimal, created: datetime,
                 modified: datetime, options: list[ProductOption], size: int, colour: int) -> Variant:  # fmt: skip
        combination = [self.new(Combination, option_id="1", option_value_id=f"1-{size + 1}")]
        label = names.SIZES[size]
        if len(options) > 1:
            combination.append(self.new(Combination, option_id="2", option_value_id=f"2-{colour + 1}"))
            label += f" / {options[1].option_items[colour].name}"
        inventory = self._inventory([])
        level = sum(row.quantity for row in inventory)
        uplift = Decimal(size) * Decimal("2.00")
        return self.new(
            Variant, id=f"{product_id}-{index}", parent_id=product_id, sku=f"{sku}-{index}",
            name=f"{name} ({label})", created_time=created, modified_time=modified, combination=combination,
            default_price=price + uplift, cost_price=_money((price + uplift) * Decimal("0.55")),
            avail_for_sale=True, in_stock=level > 0, manage_stock=True, inventory_level=level,
            inventory=inventory, weight_unit="kg", currency_code="USD",
        )  # fmt: skip

    def _inventory(self, children: list[Variant]) -> list[ProductInventory]:
        rows = []
        for warehouse in WAREHOUSE_IDS:
            if children:
                quantity = sum(row.quantity for child in children for row in child.inventory
                               if row.warehouse_id == warehouse)  # fmt: skip
            else:
                quantity = self.rng.choice((0, 0, 3, 8, 15, 25, 40))
            rows.append(self.new(ProductInventory, warehouse_id=warehouse, quantity=quantity, in_stock=quantity > 0))
        return rows

    # people --------------------------------------------------------------------------------
    def customer(self, number: int) -> Customer:
        rng = self.rng
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        if number == 1:  # the catalogue's examples find her by email
            first, last = "Ada", "Lovelace"
        local = f"{first}.{last}".lower().replace(" ", "").replace("-", "")
        email = f"{local}@example.com" if number == 1 else f"{local}{number}@example.com"
        created = self.moment(self.start, self.now - timedelta(days=2))
        book = [self.address(f"{number}-{k}", first, last, default=k == 1) for k in range(1, rng.randint(1, 2) + 1)]
        return self.new(
            Customer, id=str(number), email=email, first_name=first, last_name=last,
            phone=f"+1 555 {rng.randint(1000, 9999)}", created_time=created, modified_time=self.moment(created),
            login=email, status="enabled", is_guest=False, news_letter_subscription=rng.random() < 0.3,
            stores_ids=["1"], address_book=book, lang_id="1", orders_count=0,
        )  # fmt: skip

    def address(self, ident: str, first: str, last: str, *, default: bool) -> Address:
        code2, code3, country, city, state_code, state, postcode = self.rng.choice(names.PLACES)
        return self.new(
            Address, id=ident, type="billing_and_shipping", first_name=first, last_name=last, postcode=postcode,
            address1=f"{self.rng.randint(1, 250)} {self.rng.choice(names.STREETS)}", city=city,
            country=self.new(Country, code2=code2, code3=code3, name=country),
            state=self.new(State, code=state_code, name=state), default=default,
        )  # fmt: skip

    # orders --------------------------------------------------------------------------------
    def order(self, number: int, customer: Customer, products: list[Product]) -> tuple[Order, Return | None]:
        rng = self.rng
        ident = str(number)
        status_id = rng.choices(list(_FLOWS), weights=[w for w, _ in _FLOWS.values()])[0]
        created = self.moment(max(customer.created_time or self.start, self.start), self.now - timedelta(hours=1))
        address = customer.address_book[0]
        rate = Decimal("0.0625") if address.country.code2 == "US" else Decimal("0.20")
        items = [self._item(ident, k, rng.choice(products), rate) for k in range(1, rng.randint(1, 4) + 1)]
        subtotal = sum((item.total_price for item in items), ZERO)
        tax = sum((item.tax_value or ZERO for item in items), ZERO)
        shipping_name, shipping_price = rng.choice(names.SHIPPING_METHODS)
        shipping = Decimal(shipping_price)
        discount = _money(subtotal * Decimal("0.10")) if rng.random() < 0.15 else ZERO
        total = subtotal + tax + shipping - discount
        history, moment = [], created
        for step in _FLOWS[status_id][1]:
            moment = moment if step == "pending" else self.later(moment, 72)
            history.append(self.new(OrderStatusHistoryItem, id=step, name=_STATUS_NAMES[step], modified_time=moment,
                                    notify=step != "pending"))  # fmt: skip
        paid = ZERO if status_id in ("pending", "on_hold", "canceled") else total
        shipments, refunds = [], []
        if status_id in ("shipped", "completed", "refunded"):
            shipped_at = history[2].modified_time
            shipments.append(self._shipment(ident, items, shipped_at, delivered=status_id != "shipped"))
        if status_id == "refunded":
            refunds.append(self._refund(items, history[-1].modified_time, shipping=shipping, tax=tax, total=total))
        order = self.new(
            Order, id=ident, order_id=ident, customer=self.new(
                BaseCustomer, id=customer.id, email=customer.email, first_name=customer.first_name,
                last_name=customer.last_name, phone=customer.phone),
            create_at=created, currency=USD, shipping_address=address, billing_address=address,
            payment_method=self.new(PaymentMethod, name=rng.choice(names.PAYMENT_METHODS)),
            shipping_method=self.new(ShippingMethod, name=shipping_name),
            status=self.new(OrderStatus, id=status_id, name=_STATUS_NAMES[status_id], history=history),
            totals=self.new(OrderTotals, total=total, subtotal=subtotal, shipping=shipping, tax=tax, discount=discount),
            total=self.new(OrderTotal, subtotal_ex_tax=subtotal, shipping_ex_tax=shipping, total_discount=discount,
                           total_tax=tax, total=total, total_paid=paid),
            order_products=items, modified_at=history[-1].modified_time,
            finished_time=history[-1].modified_time if status_id in ("completed", "refunded", "canceled") else None,
            store_id="1", warehouses_ids=["1"], refunds=refunds, shipments=shipments,
        )  # fmt: skip
        returned = None
        if status_id == "completed" and rng.random() < 0.12:
            returned = self._return(order, customer, history[-1].modified_time)
        return order, returned

    def _item(self, order_id: str, line: int, product: Product, rate: Decimal) -> OrderItem:
        variant = self.rng.choice(product.children) if product.children else None
        price = (variant.default_price if variant else product.price) or ZERO
        discount = _money(price * Decimal("0.10")) if self.rng.random() < 0.1 else ZERO
        quantity = self.rng.choice((1, 1, 1, 2, 2, 3))
        extended = (price - discount) * quantity
        return self.new(
            OrderItem, product_id=product.id, order_product_id=f"{order_id}-{line}",
            model=variant.sku if variant else product.u_sku, name=variant.name if variant else product.name,
            price=price, quantity=quantity, discount_amount=discount, total_price=extended,
            tax_percent=rate * 100, tax_value=_money(extended * rate), variant_id=variant.id if variant else None,
            weight=product.weight, weight_unit="kg",
        )  # fmt: skip

    def _shipment(self, order_id: str, items: list[OrderItem], when: datetime, *, delivered: bool) -> Shipment:
        ident, self.next_shipment = str(self.next_shipment), self.next_shipment + 1
        carrier = self.rng.choice(names.CARRIERS)
        return self.new(
            Shipment, id=ident, order_id=order_id, warehouse_id="1", shipment_provider=carrier,
            tracking_numbers=[self.new(TrackingNumber, carrier_id=carrier,
                                       tracking_number=f"{carrier.upper()}{self.rng.randint(10**9, 10**10 - 1)}")],
            created_at=when, modified_time=when, is_shipped=True,
            delivered_at=self.later(when, 96) if delivered else None,
            items=[self.new(ShipmentItem, order_product_id=item.order_product_id, product_id=item.product_id,
                            variant_id=item.variant_id, model=item.model, name=item.name, price=item.price,
                            quantity=item.quantity) for item in items],
        )  # fmt: skip

    def _refund(self, items: list[OrderItem], when: datetime, *, shipping: Decimal, tax: Decimal,
                total: Decimal) -> Refund:  # fmt: skip
        ident, self.next_refund = str(self.next_refund), self.next_refund + 1
        return self.new(
            Refund, id=ident, shipping=shipping, fee=ZERO, tax=tax, total=total, modified_time=when,
            comment="Refunded in full",
            items=[self.new(RefundItem, product_id=item.product_id, variant_id=item.variant_id,
                            order_product_id=item.order_product_id, qty=item.quantity, refund=item.total_price)
                   for item in items],
        )  # fmt: skip

    def _return(self, order: Order, customer: Customer, after: datetime) -> Return:
        rng = self.rng
        item = rng.choice(order.order_products)
        created = self.later(after, 24 * 14)
        status = rng.choice(DEFAULT_RETURN_STATUSES)
        return self.new(
            Return, id="", name=f"RMA for order {order.order_id}", order_id=order.order_id, customer_id=customer.id,
            store_id="1", created_at=created, modified_at=self.later(created, 48), status=status,
            order_products=[self.new(
                ReturnOrderProduct, product_id=item.product_id, order_product_id=item.order_product_id or "",
                sku=item.model, name=item.name, quantity=rng.randint(1, item.quantity),
                reason=rng.choice(DEFAULT_RETURN_REASONS), action=rng.choice(DEFAULT_RETURN_ACTIONS),
                condition=rng.choice(("unopened", "opened", "damaged")))],
            comment="Customer asked to return an item",
        )  # fmt: skip


def _cart() -> Cart:
    warehouses = [
        Warehouse(id=ident, name=f"Warehouse {ident}", avail=True, stores_ids=["1"]) for ident in WAREHOUSE_IDS
    ]
    store = StoreInfo(
        store_id="1", name="cartgate Demo store", language="en", store_languages=[ENGLISH], currency=USD,
        store_currencies=[USD], timezone="UTC", country="US", root_category_id=None, active=True,
        weight_unit="kg", dimension_unit="cm", prices_include_tax=False, default_warehouse_id="1",
    )  # fmt: skip
    return Cart(name="Demo", url="https://demo.cartgate.invalid/", version="1.0", stores_info=[store],
                warehouses=warehouses, default_rounding_precision=2)  # fmt: skip


def _checked_sizes(products: int, customers: int | None, orders: int, now: datetime) -> int:
    customers = customers if customers is not None else max(120, orders // 5)
    if min(products, customers, orders) < 1:
        raise ValueError("products, customers and orders must each be at least 1")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return customers


def generate_shop(
    *,
    products: int = 240,
    customers: int | None = None,
    orders: int = 600,
    seed: int = 20260101,
    now: datetime = DEMO_NOW,
) -> DemoShop:
    """The Demo shop for these sizes and seed (the same arguments always give the same shop).

    ``customers`` defaults to max(120, orders // 5). Raises ValueError for sizes below 1 or a
    naive ``now``.
    """
    customer_count = _checked_sizes(products, customers, orders, now)
    # Millions of small objects that all live on: the cyclic GC would rescan them again and again
    # (measured 3x slower), and nothing here makes cycles to collect.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        builder = _Builder(seed, now.astimezone(UTC))
        shop = _head(builder, products, customer_count)
        for order, returned in _orders(builder, shop, orders):
            shop.orders.append(order)
            if returned is not None:
                shop.returns.append(returned)
        shop.counters.update(shipments=builder.next_shipment - 1, refunds=builder.next_refund - 1)
        return shop
    finally:
        if was_enabled:
            gc.enable()


def stream_shop(
    *,
    products: int = 240,
    customers: int | None = None,
    orders: int = 600,
    seed: int = 20260101,
    now: datetime = DEMO_NOW,
) -> tuple[DemoShop, Iterator[tuple[Order, Return | None]]]:
    """The same shop as ``generate_shop``, with its orders (and their returns) yielded one by one.

    For loading a large shop into a database without holding every order: the returned shop
    holds the catalogue and customers (``orders`` and ``returns`` stay empty); each customer's
    ``orders_count`` / ``last_order_id`` are complete once the iterator is exhausted. Raises
    ValueError as ``generate_shop`` does. (A loader may call ``gc.freeze()`` after this returns:
    the catalogue lives on and need not be rescanned by every collection.)
    """
    customer_count = _checked_sizes(products, customers, orders, now)
    builder = _Builder(seed, now.astimezone(UTC))
    shop = _head(builder, products, customer_count)
    return shop, _orders(builder, shop, orders)


def _head(builder: _Builder, products: int, customers: int) -> DemoShop:
    categories = builder.categories()
    parents = {category.parent_id for category in categories}
    leaves = [category for category in categories if category.id not in parents]
    product_list = [builder.product(number, leaves) for number in range(1, products + 1)]
    customer_list = [builder.customer(number) for number in range(1, customers + 1)]
    return DemoShop(cart=_cart(), categories=categories, products=product_list, customers=customer_list,
                    orders=[], returns=[])  # fmt: skip


def _orders(builder: _Builder, shop: DemoShop, orders: int) -> Iterator[tuple[Order, Return | None]]:
    customer_list, product_list = shop.customers, shop.products
    returns = 0
    for number in range(1, orders + 1):
        customer = customer_list[0] if number == 1 else builder.rng.choice(customer_list)
        order, returned = builder.order(number, customer, product_list)
        customer.orders_count = (customer.orders_count or 0) + 1
        customer.last_order_id = order.order_id
        if returned is not None:
            returns += 1
            returned.id = str(returns)
        yield order, returned


def iter_variants(shop: DemoShop) -> Iterator[Variant]:
    """Every variant of every product, in product order."""
    for product in shop.products:
        yield from product.children
