"""cartgate gateway: the HTTP service, storage, bridge client, webhooks and shipping."""
