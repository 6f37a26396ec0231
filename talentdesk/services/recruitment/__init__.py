"""Recruitment (补充): batches and candidates, the hiring plan, service obligations, the local-student pool, talent
services, recognised talent."""
