"""Evaluation of trained runs (``featurectl eval``) and the offline verdicts it uses.

In the order ``evaluate_run`` (:mod:`.run_eval`) calls them:

- :mod:`.options` -- ``EvalOptions``; :mod:`.loading` -- the run's policy and the device;
- :mod:`.held_out` -- step 1, held-out pairs: preference accuracy, KL, feature MSE
  (scored by :mod:`.preference`);
- :mod:`.sampling` -- step 2, generations: diversity (:mod:`.diversity`) and each domain's
  verdict rates (:mod:`.control` verdicts, :mod:`featurectl.domains` for which is which);
- :mod:`.judging` -- step 3, an optional LLM judge (:mod:`.judge` is the client);
- :mod:`.tables` -- step 4, eval.json, samples.jsonl, eval.md and the Table-2 rows.

Kept free of heavy imports: import the modules directly (``featurectl.evaluation.control``
is torch-free).
"""
