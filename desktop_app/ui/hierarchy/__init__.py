"""The Hierarchy tab: resellers and their child accounts as a lazily expanding tree."""
