# The modules were called from this root until they moved into modules/pipeline. These blocks move an existing
# deployment's state to the new addresses on the next plan (no destroy, no create). Keep them until every
# state of this environment has been applied once with them; removing them earlier would destroy and
# recreate everything, the audit database and its deletion protection included.

moved {
  from = module.keys
  to   = module.pipeline.module.keys
}

moved {
  from = module.network
  to   = module.pipeline.module.network
}

moved {
  from = module.storage
  to   = module.pipeline.module.storage
}

moved {
  from = module.messaging
  to   = module.pipeline.module.messaging
}

moved {
  from = module.database
  to   = module.pipeline.module.database
}

moved {
  from = module.functions
  to   = module.pipeline.module.functions
}

moved {
  from = module.audit_api
  to   = module.pipeline.module.audit_api
}

moved {
  from = module.observability
  to   = module.pipeline.module.observability
}
