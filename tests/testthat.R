library(testthat)
library(doubledescent)

test_check("doubledescent")
