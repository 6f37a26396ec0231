"""Official forms (登记表, 审批表, 协议书): A4 layouts drawn with the reportlab canvas and the embedded font chain."""
