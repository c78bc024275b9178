"""The services the network refers for, grouped in the categories the memorandum commits to."""

from enum import StrEnum


class ServiceCategory(StrEnum):
    MEDICAL = "medical"
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    DOCUMENTS = "documents"
    LEGAL_AID = "legal_aid"
    SOCIAL_SUPPORT = "social_support"


class ServiceCode(StrEnum):
    HIV_TESTING = "hiv_testing"
    STI_CARE = "sti_care"
    TB_SCREENING = "tb_screening"
    HEPATITIS_TESTING = "hepatitis_testing"
    HARM_REDUCTION = "harm_reduction"
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    IDENTITY_DOCUMENTS = "identity_documents"
    LEGAL_AID_DETENTION = "legal_aid_detention"
    SOCIAL_SUPPORT = "social_support"

    @property
    def category(self) -> ServiceCategory:
        return CATEGORY_OF[self]


CATEGORY_OF: dict[ServiceCode, ServiceCategory] = {
    ServiceCode.HIV_TESTING: ServiceCategory.MEDICAL,
    ServiceCode.STI_CARE: ServiceCategory.MEDICAL,
    ServiceCode.TB_SCREENING: ServiceCategory.MEDICAL,
    ServiceCode.HEPATITIS_TESTING: ServiceCategory.MEDICAL,
    ServiceCode.HARM_REDUCTION: ServiceCategory.MEDICAL,
    ServiceCode.HOUSING: ServiceCategory.HOUSING,
    ServiceCode.EMPLOYMENT: ServiceCategory.EMPLOYMENT,
    ServiceCode.IDENTITY_DOCUMENTS: ServiceCategory.DOCUMENTS,
    ServiceCode.LEGAL_AID_DETENTION: ServiceCategory.LEGAL_AID,
    ServiceCode.SOCIAL_SUPPORT: ServiceCategory.SOCIAL_SUPPORT,
}
