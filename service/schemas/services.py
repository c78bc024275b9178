"""Models of the services the network refers for."""

from pydantic import BaseModel

from casework.network.services import ServiceCategory, ServiceCode


class ServiceRead(BaseModel):
    code: ServiceCode
    category: ServiceCategory


class ServiceList(BaseModel):
    items: list[ServiceRead]
