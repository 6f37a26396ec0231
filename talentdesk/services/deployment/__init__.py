"""Deployment (配置): placements and transfers, the rotation year, rural service, attrition, 人编一致."""
