"""Products and their capabilities: Tier Accounts Sync and the reseller authorization level."""

from __future__ import annotations

from desktop_app.domain.catalog import OperatorAccount, Product
from desktop_app.domain.enums import OperatorRole, ResellerAuthorizationLevel
from desktop_app.domain.errors import NotFoundError
from desktop_app.services.ports import Store
from desktop_app.services.workspace import WorkspaceService


class ProductService:
    """Read products; their vendor switches capabilities (deciding only later requests)."""

    def __init__(self, store: Store, workspace: WorkspaceService) -> None:
        self._store = store
        self._workspace = workspace

    def products(self) -> list[Product]:
        """Every product, by name."""
        return self._store.catalog.products()

    def get(self, product_id: str) -> Product:
        """One product; :class:`NotFoundError` when unknown."""
        found = self._store.catalog.product(product_id)
        if found is None:
            raise NotFoundError(f"There is no product {product_id}.")
        return found

    def vendor_of(self, product: Product) -> OperatorAccount | None:
        """The vendor account that owns ``product``, if the workspace knows it."""
        return self._store.catalog.operator(product.vendor_id)

    def may_change(self, product: Product) -> bool:
        """True when the operator is the product's vendor (only it switches capabilities)."""
        operator = self._workspace.operator()
        return operator.role is OperatorRole.VENDOR and operator.id == product.vendor_id

    def set_capabilities(
        self,
        product_id: str,
        *,
        tier_accounts_sync: bool | None = None,
        reseller_authorization_level: ResellerAuthorizationLevel | None = None,
    ) -> Product:
        """Switch capabilities; pending requests keep their status, new ones follow the switch."""
        with self._store.write():
            product = self.get(product_id)
            self._workspace.require_vendor(product.vendor_id, "change a product's capabilities")
            sync = product.tier_accounts_sync if tier_accounts_sync is None else tier_accounts_sync
            level = (
                product.reseller_authorization_level
                if reseller_authorization_level is None
                else ResellerAuthorizationLevel(reseller_authorization_level)
            )
            self._store.catalog.set_product_capabilities(product.id, sync, level)
        return self.get(product_id)
