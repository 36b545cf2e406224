"""smsv2: a typed SDK for AWS End User Messaging SMS and Voice, v2."""
