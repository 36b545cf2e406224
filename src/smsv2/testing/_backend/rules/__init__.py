"""Rules shared by several families: account tier and spend, opt-outs, origination
identities, protect configurations, registration reviews and the send pipeline.

They sit between the engine/`Ctx` and the family modules: families import them, they import
no family.
"""
