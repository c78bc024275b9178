"""The districts and district-level cities of Khatlon region: a coarse place for a member
(where it receives people) and for a case (where the beneficiary lives), never finer, so
that a case's district does not point at a person. Codes are stored: never change one."""

from enum import StrEnum


class District(StrEnum):
    BOKHTAR = "bokhtar"
    KULOB = "kulob"
    LEVAKANT = "levakant"
    NUREK = "nurek"
    ABDURAHMONI_JOMI = "abdurahmoni_jomi"
    BALJUVON = "baljuvon"
    DANGHARA = "danghara"
    DUSTI = "dusti"
    FARKHOR = "farkhor"
    HAMADONI = "hamadoni"
    JALOLIDDINI_BALKHI = "jaloliddini_balkhi"
    JAYHUN = "jayhun"
    KHOVALING = "khovaling"
    KHUROSON = "khuroson"
    KUSHONIYON = "kushoniyon"
    MUMINOBOD = "muminobod"
    NOSIRI_KHUSRAV = "nosiri_khusrav"
    PANJ = "panj"
    QUBODIYON = "qubodiyon"
    SHAHRITUZ = "shahrituz"
    SHAMSIDDIN_SHOHIN = "shamsiddin_shohin"
    TEMURMALIK = "temurmalik"
    VAKHSH = "vakhsh"
    VOSE = "vose"
    YOVON = "yovon"
