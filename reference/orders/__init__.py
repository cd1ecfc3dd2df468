"""The reference Orders service: places orders, requests their payment, tracks their status."""
