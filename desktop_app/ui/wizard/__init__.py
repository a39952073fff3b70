"""The Tier Account Creation / Update wizard: type, parent account, account data, summary."""
