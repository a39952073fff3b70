"""The Tier Account Details screen: header, actions and the tabs of one tier account."""
