"""The transparency section: the publication rule (``rules``), the admin of the register
(``admin``) and the treasurer's dashboard panel (``dashboard``). Models live in
``program.models.transparency``."""
