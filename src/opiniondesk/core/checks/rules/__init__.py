"""One module per rule id (opinion-rules.md, and the further rules docs/checks.md lists); importing
this package registers them all, in order."""

from ..base import RULES
from . import (  # noqa: F401 - each import registers its rule
    x5_abs_01,
    x5_abs_02,
    x5_adm_01,
    x5_adr_01,
    x5_asm_01,
    x5_asm_02,
    x5_asm_03,
    x5_con_01,
    x5_con_02,
    x5_cov_01,
    x5_date_01,
    x5_debt_01,
    x5_debt_02,
    x5_eq_01,
    x5_eq_02,
    x5_fil_01,
    x5_for_01,
    x5_gty_01,
    x5_id_01,
    x5_id_02,
    x5_inh_01,
    x5_inh_02,
    x5_jur_01,
    x5_jur_02,
    x5_jur_03,
    x5_num_01,
    x5_qual_01,
    x5_qual_02,
    x5_qual_03,
    x5_sig_01,
    x5_tb_01,
)

MODULES = (
    x5_cov_01, x5_eq_01, x5_eq_02, x5_debt_01, x5_debt_02, x5_gty_01, x5_jur_01, x5_jur_02,
    x5_jur_03, x5_adm_01, x5_asm_01, x5_asm_02, x5_asm_03, x5_qual_01, x5_qual_02, x5_qual_03,
    x5_fil_01, x5_sig_01, x5_con_01, x5_con_02, x5_id_01, x5_id_02, x5_num_01, x5_date_01,
    x5_adr_01, x5_inh_01, x5_inh_02, x5_for_01, x5_abs_01, x5_abs_02, x5_tb_01,
)  # fmt: skip

# Run (and list) the rules in the order of opinion-rules.md, whatever order imports registered them.
_ordered = {module.check.id: RULES[module.check.id] for module in MODULES}
RULES.clear()
RULES.update(_ordered)
