"""The Demo platform (``cart_id=Demo``): a generated shop that speaks every catalogue method."""
