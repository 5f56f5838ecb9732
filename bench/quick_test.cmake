# scripts/bench.sh --quick as a ctest test (label `bench`), included from
# tests/CMakeLists.txt: CI checks that the end-to-end benchmark still runs on
# a small generated corpus (it asserts that it runs, never a speed).
add_test(NAME bench_quick
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/bench.sh --quick --imr $<TARGET_FILE:imr>
                 --json ${CMAKE_BINARY_DIR}/bench-quick.json)
set_tests_properties(bench_quick PROPERTIES LABELS bench TIMEOUT 300)

# The instruction and memory budget's own logic (scripts/budget.sh) on a
# fabricated budget over a tiny corpus: over budget must fail and name the
# functions that grew, under budget must pass with a reminder.
# Needs valgrind (scripts/setup.sh installs it).
add_test(NAME budget_selftest
         COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/budget_selftest.sh --imr $<TARGET_FILE:imr>)
set_tests_properties(budget_selftest PROPERTIES LABELS bench TIMEOUT 300)
