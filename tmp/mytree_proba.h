


    // !!! This file is generated using emlearn !!!

    #include <stdint.h>
    

static inline int32_t mytree_tree_0(const int16_t *features, int32_t features_length) {
          if (features[20] < 3) {
              if (features[61] < 10) {
                  if (features[22] < 0) {
                      if (features[13] < 1) {
                          if (features[10] < 15) {
                              if (features[54] < 0) {
                                  if (features[51] < 14) {
                                      return 2;
                                  } else {
                                      if (features[50] < 6) {
                                          return 2;
                                      } else {
                                          return 0;
                                      }
                                  }
                              } else {
                                  return 1;
                              }
                          } else {
                              return 0;
                          }
                      } else {
                          if (features[58] < 5) {
                              if (features[28] < 2) {
                                  return 3;
                              } else {
                                  if (features[20] < 1) {
                                      if (features[61] < 6) {
                                          return 0;
                                      } else {
                                          return 5;
                                      }
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              return 0;
                          }
                      }
                  } else {
                      if (features[35] < 0) {
                          if (features[42] < 2) {
                              if (features[6] < 5) {
                                  if (features[36] < 5) {
                                      return 4;
                                  } else {
                                      if (features[10] < 15) {
                                          return 7;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  return 6;
                              }
                          } else {
                              if (features[44] < 9) {
                                  return 3;
                              } else {
                                  if (features[30] < 7) {
                                      return 8;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      } else {
                          if (features[18] < 7) {
                              if (features[44] < 9) {
                                  return 8;
                              } else {
                                  if (features[29] < 13) {
                                      if (features[53] < 6) {
                                          return 6;
                                      } else {
                                          return 9;
                                      }
                                  } else {
                                      return 6;
                                  }
                              }
                          } else {
                              if (features[36] < 0) {
                                  return 3;
                              } else {
                                  if (features[34] < 7) {
                                      if (features[53] < 0) {
                                          return 10;
                                      } else {
                                          return 11;
                                      }
                                  } else {
                                      if (features[52] < 10) {
                                          return 12;
                                      } else {
                                          return 13;
                                      }
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[30] < 0) {
                      if (features[42] < 6) {
                          if (features[27] < 4) {
                              return 14;
                          } else {
                              if (features[26] < 13) {
                                  return 15;
                              } else {
                                  return 0;
                              }
                          }
                      } else {
                          if (features[34] < 10) {
                              if (features[29] < 12) {
                                  if (features[35] < 12) {
                                      return 1;
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  return 8;
                              }
                          } else {
                              if (features[29] < 6) {
                                  return 1;
                              } else {
                                  if (features[14] < 2) {
                                      return 1;
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[21] < 12) {
                          if (features[46] < 4) {
                              return 16;
                          } else {
                              if (features[54] < 11) {
                                  return 3;
                              } else {
                                  if (features[62] < 5) {
                                      return 1;
                                  } else {
                                      if (features[10] < 10) {
                                          return 3;
                                      } else {
                                          return 4;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[42] < 9) {
                              return 4;
                          } else {
                              if (features[61] < 14) {
                                  return 3;
                              } else {
                                  return 8;
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[10] < 5) {
                  if (features[20] < 11) {
                      if (features[50] < 1) {
                          if (features[33] < 3) {
                              return 4;
                          } else {
                              return 2;
                          }
                      } else {
                          if (features[25] < 2) {
                              if (features[27] < 6) {
                                  if (features[4] < 12) {
                                      if (features[14] < 1) {
                                          return 8;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 8;
                                  }
                              } else {
                                  if (features[21] < 1) {
                                      if (features[46] < 0) {
                                          return 15;
                                      } else {
                                          return 1;
                                      }
                                  } else {
                                      if (features[2] < 6) {
                                          return 16;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          } else {
                              return 2;
                          }
                      }
                  } else {
                      if (features[33] < 9) {
                          if (features[41] < 5) {
                              if (features[35] < 2) {
                                  if (features[3] < 8) {
                                      return 15;
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[26] < 15) {
                                      return 15;
                                  } else {
                                      if (features[61] < 3) {
                                          return 2;
                                      } else {
                                          return 17;
                                      }
                                  }
                              }
                          } else {
                              return 2;
                          }
                      } else {
                          return 2;
                      }
                  }
              } else {
                  if (features[62] < 2) {
                      if (features[50] < 7) {
                          if (features[18] < 10) {
                              if (features[45] < 4) {
                                  if (features[20] < 14) {
                                      return 6;
                                  } else {
                                      if (features[51] < 15) {
                                          return 18;
                                      } else {
                                          return 19;
                                      }
                                  }
                              } else {
                                  if (features[43] < 11) {
                                      if (features[18] < 3) {
                                          return 14;
                                      } else {
                                          return 20;
                                      }
                                  } else {
                                      if (features[38] < 2) {
                                          return 21;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          } else {
                              if (features[41] < 2) {
                                  if (features[43] < 5) {
                                      if (features[4] < 12) {
                                          return 22;
                                      } else {
                                          return 23;
                                      }
                                  } else {
                                      if (features[14] < 1) {
                                          return 24;
                                      } else {
                                          return 25;
                                      }
                                  }
                              } else {
                                  if (features[13] < 11) {
                                      if (features[11] < 10) {
                                          return 0;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      return 6;
                                  }
                              }
                          }
                      } else {
                          if (features[37] < 7) {
                              if (features[13] < 8) {
                                  if (features[27] < 11) {
                                      if (features[30] < 2) {
                                          return 8;
                                      } else {
                                          return 3;
                                      }
                                  } else {
                                      if (features[52] < 0) {
                                          return 6;
                                      } else {
                                          return 26;
                                      }
                                  }
                              } else {
                                  if (features[60] < 1) {
                                      return 6;
                                  } else {
                                      if (features[19] < 15) {
                                          return 27;
                                      } else {
                                          return 28;
                                      }
                                  }
                              }
                          } else {
                              if (features[18] < 3) {
                                  if (features[30] < 0) {
                                      return 14;
                                  } else {
                                      return 6;
                                  }
                              } else {
                                  if (features[21] < 9) {
                                      if (features[25] < 2) {
                                          return 29;
                                      } else {
                                          return 30;
                                      }
                                  } else {
                                      if (features[34] < 2) {
                                          return 31;
                                      } else {
                                          return 32;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[46] < 3) {
                          if (features[22] < 2) {
                              if (features[19] < 15) {
                                  if (features[59] < 8) {
                                      if (features[2] < 4) {
                                          return 14;
                                      } else {
                                          return 8;
                                      }
                                  } else {
                                      if (features[51] < 7) {
                                          return 33;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  if (features[36] < 8) {
                                      return 8;
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[34] < 2) {
                                  return 15;
                              } else {
                                  return 16;
                              }
                          }
                      } else {
                          if (features[51] < 9) {
                              if (features[5] < 4) {
                                  if (features[11] < 6) {
                                      if (features[35] < 4) {
                                          return 4;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  if (features[29] < 10) {
                                      return 14;
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              if (features[45] < 12) {
                                  if (features[38] < 0) {
                                      return 8;
                                  } else {
                                      if (features[52] < 7) {
                                          return 34;
                                      } else {
                                          return 3;
                                      }
                                  }
                              } else {
                                  if (features[30] < 0) {
                                      return 14;
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_1(const int16_t *features, int32_t features_length) {
          if (features[34] < 5) {
              if (features[19] < 12) {
                  if (features[51] < 13) {
                      if (features[30] < 1) {
                          if (features[35] < 11) {
                              if (features[2] < 2) {
                                  if (features[54] < 5) {
                                      if (features[44] < 15) {
                                          return 35;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[25] < 2) {
                                      if (features[53] < 10) {
                                          return 36;
                                      } else {
                                          return 37;
                                      }
                                  } else {
                                      if (features[51] < 3) {
                                          return 38;
                                      } else {
                                          return 39;
                                      }
                                  }
                              }
                          } else {
                              if (features[55] < 0) {
                                  if (features[21] < 8) {
                                      if (features[61] < 11) {
                                          return 40;
                                      } else {
                                          return 41;
                                      }
                                  } else {
                                      if (features[50] < 2) {
                                          return 42;
                                      } else {
                                          return 43;
                                      }
                                  }
                              } else {
                                  return 8;
                              }
                          }
                      } else {
                          if (features[33] < 2) {
                              if (features[6] < 9) {
                                  if (features[36] < 15) {
                                      if (features[37] < 5) {
                                          return 44;
                                      } else {
                                          return 45;
                                      }
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  return 6;
                              }
                          } else {
                              return 3;
                          }
                      }
                  } else {
                      if (features[53] < 3) {
                          if (features[36] < 7) {
                              return 0;
                          } else {
                              if (features[17] < 3) {
                                  if (features[21] < 4) {
                                      return 15;
                                  } else {
                                      if (features[50] < 10) {
                                          return 6;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  return 4;
                              }
                          }
                      } else {
                          if (features[26] < 13) {
                              if (features[45] < 13) {
                                  return 8;
                              } else {
                                  if (features[28] < 7) {
                                      return 8;
                                  } else {
                                      return 14;
                                  }
                              }
                          } else {
                              return 4;
                          }
                      }
                  }
              } else {
                  if (features[10] < 8) {
                      if (features[36] < 3) {
                          return 4;
                      } else {
                          if (features[52] < 4) {
                              return 16;
                          } else {
                              if (features[37] < 15) {
                                  return 15;
                              } else {
                                  if (features[2] < 2) {
                                      return 15;
                                  } else {
                                      return 14;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[60] < 13) {
                          if (features[42] < 3) {
                              if (features[18] < 15) {
                                  if (features[23] < 0) {
                                      return 14;
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  return 0;
                              }
                          } else {
                              if (features[14] < 0) {
                                  return 8;
                              } else {
                                  if (features[12] < 10) {
                                      return 16;
                                  } else {
                                      return 6;
                                  }
                              }
                          }
                      } else {
                          if (features[21] < 1) {
                              if (features[27] < 14) {
                                  return 8;
                              } else {
                                  return 15;
                              }
                          } else {
                              if (features[35] < 9) {
                                  if (features[26] < 8) {
                                      return 4;
                                  } else {
                                      if (features[21] < 13) {
                                          return 0;
                                      } else {
                                          return 4;
                                      }
                                  }
                              } else {
                                  return 16;
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[21] < 0) {
                  if (features[6] < 0) {
                      if (features[61] < 6) {
                          if (features[10] < 9) {
                              if (features[51] < 14) {
                                  if (features[45] < 5) {
                                      return 1;
                                  } else {
                                      if (features[2] < 4) {
                                          return 2;
                                      } else {
                                          return 0;
                                      }
                                  }
                              } else {
                                  if (features[43] < 11) {
                                      return 1;
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[60] < 1) {
                                  return 6;
                              } else {
                                  if (features[4] < 15) {
                                      if (features[10] < 13) {
                                          return 3;
                                      } else {
                                          return 46;
                                      }
                                  } else {
                                      return 0;
                                  }
                              }
                          }
                      } else {
                          if (features[58] < 9) {
                              if (features[42] < 8) {
                                  if (features[25] < 3) {
                                      return 15;
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  if (features[45] < 15) {
                                      return 1;
                                  } else {
                                      if (features[29] < 2) {
                                          return 1;
                                      } else {
                                          return 2;
                                      }
                                  }
                              }
                          } else {
                              if (features[62] < 2) {
                                  if (features[28] < 9) {
                                      return 14;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 8;
                              }
                          }
                      }
                  } else {
                      return 0;
                  }
              } else {
                  if (features[50] < 6) {
                      if (features[18] < 3) {
                          if (features[52] < 15) {
                              if (features[61] < 1) {
                                  return 6;
                              } else {
                                  if (features[20] < 12) {
                                      if (features[34] < 14) {
                                          return 47;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[3] < 8) {
                                  if (features[45] < 10) {
                                      if (features[46] < 0) {
                                          return 6;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 14;
                              }
                          }
                      } else {
                          if (features[33] < 2) {
                              if (features[43] < 4) {
                                  return 4;
                              } else {
                                  if (features[27] < 15) {
                                      if (features[12] < 3) {
                                          return 2;
                                      } else {
                                          return 48;
                                      }
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[36] < 3) {
                                  if (features[42] < 10) {
                                      return 0;
                                  } else {
                                      if (features[21] < 7) {
                                          return 1;
                                      } else {
                                          return 3;
                                      }
                                  }
                              } else {
                                  if (features[34] < 10) {
                                      if (features[29] < 1) {
                                          return 16;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      if (features[21] < 15) {
                                          return 49;
                                      } else {
                                          return 50;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[28] < 5) {
                          if (features[13] < 3) {
                              if (features[41] < 8) {
                                  return 3;
                              } else {
                                  return 2;
                              }
                          } else {
                              if (features[35] < 12) {
                                  return 3;
                              } else {
                                  return 1;
                              }
                          }
                      } else {
                          if (features[41] < 8) {
                              if (features[12] < 15) {
                                  if (features[18] < 3) {
                                      if (features[53] < 4) {
                                          return 6;
                                      } else {
                                          return 51;
                                      }
                                  } else {
                                      if (features[25] < 4) {
                                          return 52;
                                      } else {
                                          return 53;
                                      }
                                  }
                              } else {
                                  if (features[26] < 2) {
                                      if (features[45] < 13) {
                                          return 54;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      if (features[19] < 10) {
                                          return 54;
                                      } else {
                                          return 15;
                                      }
                                  }
                              }
                          } else {
                              return 2;
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_2(const int16_t *features, int32_t features_length) {
          if (features[21] < 0) {
              if (features[61] < 6) {
                  if (features[4] < 5) {
                      if (features[51] < 15) {
                          return 6;
                      } else {
                          return 8;
                      }
                  } else {
                      if (features[2] < 0) {
                          if (features[26] < 9) {
                              if (features[37] < 8) {
                                  return 15;
                              } else {
                                  if (features[43] < 12) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              }
                          } else {
                              if (features[59] < 10) {
                                  return 2;
                              } else {
                                  if (features[45] < 11) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      } else {
                          if (features[5] < 1) {
                              if (features[12] < 9) {
                                  if (features[51] < 15) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              } else {
                                  if (features[53] < 6) {
                                      if (features[37] < 3) {
                                          return 15;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      return 14;
                                  }
                              }
                          } else {
                              if (features[41] < 4) {
                                  return 0;
                              } else {
                                  if (features[27] < 6) {
                                      return 3;
                                  } else {
                                      return 0;
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[34] < 7) {
                      if (features[45] < 3) {
                          if (features[20] < 6) {
                              if (features[36] < 5) {
                                  return 0;
                              } else {
                                  return 15;
                              }
                          } else {
                              return 8;
                          }
                      } else {
                          if (features[5] < 1) {
                              if (features[62] < 10) {
                                  if (features[62] < 0) {
                                      return 14;
                                  } else {
                                      if (features[51] < 14) {
                                          return 16;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  return 15;
                              }
                          } else {
                              if (features[38] < 0) {
                                  if (features[3] < 13) {
                                      return 14;
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  return 0;
                              }
                          }
                      }
                  } else {
                      if (features[2] < 9) {
                          if (features[42] < 7) {
                              return 15;
                          } else {
                              if (features[13] < 5) {
                                  if (features[37] < 14) {
                                      if (features[2] < 3) {
                                          return 1;
                                      } else {
                                          return 55;
                                      }
                                  } else {
                                      if (features[41] < 6) {
                                          return 1;
                                      } else {
                                          return 2;
                                      }
                                  }
                              } else {
                                  return 2;
                              }
                          }
                      } else {
                          if (features[36] < 7) {
                              return 8;
                          } else {
                              if (features[49] < 0) {
                                  return 15;
                              } else {
                                  return 14;
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[36] < 0) {
                  if (features[42] < 7) {
                      if (features[13] < 6) {
                          if (features[4] < 9) {
                              return 4;
                          } else {
                              return 0;
                          }
                      } else {
                          if (features[28] < 3) {
                              return 3;
                          } else {
                              return 4;
                          }
                      }
                  } else {
                      if (features[42] < 8) {
                          if (features[50] < 11) {
                              return 16;
                          } else {
                              return 3;
                          }
                      } else {
                          return 3;
                      }
                  }
              } else {
                  if (features[54] < 0) {
                      if (features[60] < 6) {
                          if (features[33] < 10) {
                              if (features[60] < 2) {
                                  if (features[37] < 0) {
                                      if (features[20] < 12) {
                                          return 2;
                                      } else {
                                          return 56;
                                      }
                                  } else {
                                      if (features[25] < 6) {
                                          return 57;
                                      } else {
                                          return 2;
                                      }
                                  }
                              } else {
                                  if (features[49] < 0) {
                                      if (features[11] < 10) {
                                          return 58;
                                      } else {
                                          return 59;
                                      }
                                  } else {
                                      if (features[9] < 5) {
                                          return 16;
                                      } else {
                                          return 0;
                                      }
                                  }
                              }
                          } else {
                              return 2;
                          }
                      } else {
                          if (features[58] < 0) {
                              if (features[27] < 12) {
                                  if (features[6] < 0) {
                                      if (features[13] < 12) {
                                          return 60;
                                      } else {
                                          return 61;
                                      }
                                  } else {
                                      if (features[50] < 0) {
                                          return 62;
                                      } else {
                                          return 63;
                                      }
                                  }
                              } else {
                                  if (features[14] < 8) {
                                      if (features[50] < 3) {
                                          return 64;
                                      } else {
                                          return 65;
                                      }
                                  } else {
                                      if (features[13] < 2) {
                                          return 2;
                                      } else {
                                          return 4;
                                      }
                                  }
                              }
                          } else {
                              if (features[43] < 15) {
                                  if (features[6] < 4) {
                                      if (features[18] < 4) {
                                          return 66;
                                      } else {
                                          return 67;
                                      }
                                  } else {
                                      if (features[11] < 11) {
                                          return 0;
                                      } else {
                                          return 68;
                                      }
                                  }
                              } else {
                                  if (features[36] < 10) {
                                      if (features[18] < 8) {
                                          return 51;
                                      } else {
                                          return 8;
                                      }
                                  } else {
                                      if (features[20] < 13) {
                                          return 69;
                                      } else {
                                          return 15;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[26] < 3) {
                          if (features[52] < 7) {
                              if (features[45] < 2) {
                                  return 8;
                              } else {
                                  if (features[11] < 12) {
                                      return 14;
                                  } else {
                                      if (features[19] < 6) {
                                          return 14;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          } else {
                              if (features[51] < 11) {
                                  if (features[55] < 0) {
                                      if (features[19] < 8) {
                                          return 14;
                                      } else {
                                          return 70;
                                      }
                                  } else {
                                      if (features[14] < 1) {
                                          return 15;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  if (features[62] < 2) {
                                      if (features[61] < 12) {
                                          return 71;
                                      } else {
                                          return 72;
                                      }
                                  } else {
                                      return 8;
                                  }
                              }
                          }
                      } else {
                          if (features[59] < 1) {
                              return 15;
                          } else {
                              if (features[45] < 4) {
                                  if (features[29] < 13) {
                                      if (features[26] < 11) {
                                          return 8;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  if (features[43] < 1) {
                                      if (features[62] < 3) {
                                          return 73;
                                      } else {
                                          return 74;
                                      }
                                  } else {
                                      if (features[26] < 15) {
                                          return 75;
                                      } else {
                                          return 76;
                                      }
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_3(const int16_t *features, int32_t features_length) {
          if (features[34] < 3) {
              if (features[38] < 0) {
                  if (features[10] < 8) {
                      if (features[19] < 7) {
                          if (features[26] < 6) {
                              if (features[54] < 2) {
                                  return 14;
                              } else {
                                  if (features[58] < 10) {
                                      return 8;
                                  } else {
                                      return 14;
                                  }
                              }
                          } else {
                              if (features[21] < 4) {
                                  return 6;
                              } else {
                                  return 16;
                              }
                          }
                      } else {
                          if (features[53] < 9) {
                              if (features[50] < 8) {
                                  return 15;
                              } else {
                                  if (features[21] < 13) {
                                      return 16;
                                  } else {
                                      return 8;
                                  }
                              }
                          } else {
                              return 15;
                          }
                      }
                  } else {
                      if (features[27] < 10) {
                          if (features[43] < 1) {
                              if (features[41] < 1) {
                                  if (features[21] < 3) {
                                      return 0;
                                  } else {
                                      if (features[19] < 14) {
                                          return 14;
                                      } else {
                                          return 4;
                                      }
                                  }
                              } else {
                                  return 0;
                              }
                          } else {
                              if (features[61] < 0) {
                                  if (features[12] < 10) {
                                      return 14;
                                  } else {
                                      if (features[51] < 14) {
                                          return 6;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  if (features[14] < 4) {
                                      return 8;
                                  } else {
                                      if (features[25] < 1) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[22] < 0) {
                              if (features[60] < 9) {
                                  if (features[28] < 10) {
                                      return 0;
                                  } else {
                                      if (features[35] < 9) {
                                          return 0;
                                      } else {
                                          return 77;
                                      }
                                  }
                              } else {
                                  if (features[36] < 12) {
                                      if (features[9] < 1) {
                                          return 78;
                                      } else {
                                          return 8;
                                      }
                                  } else {
                                      if (features[44] < 13) {
                                          return 14;
                                      } else {
                                          return 79;
                                      }
                                  }
                              }
                          } else {
                              if (features[35] < 7) {
                                  if (features[27] < 11) {
                                      return 14;
                                  } else {
                                      if (features[26] < 1) {
                                          return 14;
                                      } else {
                                          return 4;
                                      }
                                  }
                              } else {
                                  if (features[21] < 15) {
                                      if (features[50] < 0) {
                                          return 80;
                                      } else {
                                          return 81;
                                      }
                                  } else {
                                      if (features[11] < 7) {
                                          return 2;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[36] < 5) {
                      if (features[25] < 2) {
                          if (features[26] < 0) {
                              if (features[12] < 12) {
                                  if (features[45] < 13) {
                                      return 14;
                                  } else {
                                      return 8;
                                  }
                              } else {
                                  return 4;
                              }
                          } else {
                              if (features[25] < 1) {
                                  return 4;
                              } else {
                                  if (features[52] < 10) {
                                      return 4;
                                  } else {
                                      return 0;
                                  }
                              }
                          }
                      } else {
                          if (features[27] < 9) {
                              return 15;
                          } else {
                              if (features[13] < 8) {
                                  return 0;
                              } else {
                                  return 4;
                              }
                          }
                      }
                  } else {
                      if (features[61] < 2) {
                          if (features[36] < 11) {
                              return 4;
                          } else {
                              if (features[52] < 15) {
                                  if (features[44] < 4) {
                                      return 4;
                                  } else {
                                      return 6;
                                  }
                              } else {
                                  return 15;
                              }
                          }
                      } else {
                          if (features[29] < 13) {
                              if (features[3] < 12) {
                                  if (features[9] < 3) {
                                      if (features[61] < 5) {
                                          return 14;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[2] < 6) {
                                          return 14;
                                      } else {
                                          return 82;
                                      }
                                  }
                              } else {
                                  return 14;
                              }
                          } else {
                              if (features[51] < 11) {
                                  return 4;
                              } else {
                                  if (features[42] < 1) {
                                      return 16;
                                  } else {
                                      return 8;
                                  }
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[44] < 7) {
                  if (features[36] < 0) {
                      if (features[28] < 2) {
                          if (features[35] < 11) {
                              return 3;
                          } else {
                              return 8;
                          }
                      } else {
                          if (features[61] < 5) {
                              if (features[43] < 5) {
                                  return 0;
                              } else {
                                  return 16;
                              }
                          } else {
                              if (features[19] < 4) {
                                  return 4;
                              } else {
                                  return 1;
                              }
                          }
                      }
                  } else {
                      if (features[53] < 1) {
                          if (features[37] < 0) {
                              if (features[2] < 3) {
                                  return 15;
                              } else {
                                  if (features[28] < 8) {
                                      return 0;
                                  } else {
                                      if (features[21] < 10) {
                                          return 16;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          } else {
                              return 6;
                          }
                      } else {
                          if (features[33] < 2) {
                              if (features[30] < 1) {
                                  if (features[54] < 9) {
                                      if (features[36] < 13) {
                                          return 83;
                                      } else {
                                          return 84;
                                      }
                                  } else {
                                      if (features[59] < 14) {
                                          return 1;
                                      } else {
                                          return 85;
                                      }
                                  }
                              } else {
                                  return 4;
                              }
                          } else {
                              if (features[51] < 7) {
                                  if (features[21] < 7) {
                                      if (features[10] < 4) {
                                          return 2;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  if (features[52] < 13) {
                                      return 1;
                                  } else {
                                      if (features[58] < 5) {
                                          return 86;
                                      } else {
                                          return 0;
                                      }
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[2] < 0) {
                      if (features[33] < 4) {
                          if (features[50] < 2) {
                              if (features[3] < 2) {
                                  if (features[13] < 7) {
                                      return 2;
                                  } else {
                                      if (features[14] < 11) {
                                          return 15;
                                      } else {
                                          return 4;
                                      }
                                  }
                              } else {
                                  if (features[29] < 14) {
                                      if (features[26] < 10) {
                                          return 6;
                                      } else {
                                          return 87;
                                      }
                                  } else {
                                      if (features[51] < 4) {
                                          return 4;
                                      } else {
                                          return 88;
                                      }
                                  }
                              }
                          } else {
                              if (features[45] < 5) {
                                  if (features[20] < 8) {
                                      if (features[43] < 11) {
                                          return 16;
                                      } else {
                                          return 1;
                                      }
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[29] < 2) {
                                      return 1;
                                  } else {
                                      if (features[11] < 11) {
                                          return 2;
                                      } else {
                                          return 89;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[38] < 0) {
                              if (features[3] < 10) {
                                  if (features[5] < 8) {
                                      return 2;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[11] < 13) {
                                      return 15;
                                  } else {
                                      return 1;
                                  }
                              }
                          } else {
                              if (features[62] < 0) {
                                  if (features[42] < 2) {
                                      if (features[21] < 9) {
                                          return 2;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 2;
                                  }
                              } else {
                                  return 15;
                              }
                          }
                      }
                  } else {
                      if (features[19] < 15) {
                          if (features[29] < 8) {
                              if (features[50] < 6) {
                                  if (features[52] < 7) {
                                      if (features[38] < 3) {
                                          return 16;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      if (features[20] < 4) {
                                          return 90;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[20] < 1) {
                                      if (features[58] < 9) {
                                          return 91;
                                      } else {
                                          return 92;
                                      }
                                  } else {
                                      if (features[49] < 7) {
                                          return 93;
                                      } else {
                                          return 4;
                                      }
                                  }
                              }
                          } else {
                              if (features[4] < 9) {
                                  if (features[12] < 10) {
                                      return 2;
                                  } else {
                                      if (features[61] < 2) {
                                          return 6;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[53] < 2) {
                                      if (features[17] < 1) {
                                          return 6;
                                      } else {
                                          return 94;
                                      }
                                  } else {
                                      if (features[26] < 13) {
                                          return 95;
                                      } else {
                                          return 96;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[43] < 5) {
                              if (features[37] < 4) {
                                  if (features[3] < 14) {
                                      return 16;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 0;
                              }
                          } else {
                              if (features[21] < 14) {
                                  if (features[51] < 14) {
                                      if (features[63] < 1) {
                                          return 2;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[45] < 12) {
                                      return 15;
                                  } else {
                                      return 3;
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_4(const int16_t *features, int32_t features_length) {
          if (features[33] < 3) {
              if (features[21] < 1) {
                  if (features[42] < 7) {
                      if (features[5] < 1) {
                          if (features[10] < 11) {
                              if (features[51] < 6) {
                                  return 14;
                              } else {
                                  if (features[19] < 11) {
                                      return 6;
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[43] < 5) {
                                  return 14;
                              } else {
                                  if (features[34] < 4) {
                                      if (features[27] < 14) {
                                          return 8;
                                      } else {
                                          return 97;
                                      }
                                  } else {
                                      if (features[30] < 6) {
                                          return 16;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[58] < 1) {
                              return 6;
                          } else {
                              if (features[54] < 6) {
                                  if (features[35] < 15) {
                                      return 0;
                                  } else {
                                      if (features[9] < 13) {
                                          return 0;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[28] < 3) {
                                      return 14;
                                  } else {
                                      return 0;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[34] < 6) {
                          return 8;
                      } else {
                          if (features[41] < 5) {
                              if (features[3] < 15) {
                                  if (features[2] < 9) {
                                      return 1;
                                  } else {
                                      if (features[1] < 2) {
                                          return 15;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  return 15;
                              }
                          } else {
                              return 2;
                          }
                      }
                  }
              } else {
                  if (features[61] < 0) {
                      if (features[10] < 5) {
                          if (features[4] < 15) {
                              if (features[57] < 1) {
                                  if (features[44] < 3) {
                                      return 4;
                                  } else {
                                      if (features[44] < 15) {
                                          return 15;
                                      } else {
                                          return 98;
                                      }
                                  }
                              } else {
                                  return 14;
                              }
                          } else {
                              if (features[5] < 10) {
                                  return 15;
                              } else {
                                  return 6;
                              }
                          }
                      } else {
                          if (features[53] < 0) {
                              if (features[50] < 9) {
                                  if (features[27] < 11) {
                                      if (features[19] < 8) {
                                          return 6;
                                      } else {
                                          return 99;
                                      }
                                  } else {
                                      if (features[44] < 10) {
                                          return 100;
                                      } else {
                                          return 101;
                                      }
                                  }
                              } else {
                                  if (features[60] < 1) {
                                      return 6;
                                  } else {
                                      return 16;
                                  }
                              }
                          } else {
                              if (features[50] < 9) {
                                  if (features[26] < 1) {
                                      return 14;
                                  } else {
                                      if (features[51] < 6) {
                                          return 102;
                                      } else {
                                          return 103;
                                      }
                                  }
                              } else {
                                  if (features[17] < 3) {
                                      return 16;
                                  } else {
                                      return 8;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[38] < 1) {
                          if (features[45] < 7) {
                              if (features[19] < 11) {
                                  if (features[51] < 10) {
                                      if (features[9] < 6) {
                                          return 104;
                                      } else {
                                          return 105;
                                      }
                                  } else {
                                      if (features[27] < 9) {
                                          return 8;
                                      } else {
                                          return 106;
                                      }
                                  }
                              } else {
                                  if (features[4] < 7) {
                                      if (features[22] < 4) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[43] < 9) {
                                          return 107;
                                      } else {
                                          return 108;
                                      }
                                  }
                              }
                          } else {
                              if (features[34] < 0) {
                                  if (features[28] < 11) {
                                      if (features[37] < 12) {
                                          return 7;
                                      } else {
                                          return 109;
                                      }
                                  } else {
                                      if (features[3] < 4) {
                                          return 15;
                                      } else {
                                          return 110;
                                      }
                                  }
                              } else {
                                  if (features[44] < 14) {
                                      if (features[51] < 1) {
                                          return 111;
                                      } else {
                                          return 112;
                                      }
                                  } else {
                                      if (features[12] < 14) {
                                          return 113;
                                      } else {
                                          return 114;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[26] < 1) {
                              if (features[63] < 0) {
                                  if (features[19] < 11) {
                                      if (features[2] < 0) {
                                          return 6;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  if (features[50] < 1) {
                                      return 4;
                                  } else {
                                      return 8;
                                  }
                              }
                          } else {
                              if (features[28] < 1) {
                                  if (features[34] < 5) {
                                      return 15;
                                  } else {
                                      return 3;
                                  }
                              } else {
                                  if (features[26] < 4) {
                                      if (features[30] < 0) {
                                          return 14;
                                      } else {
                                          return 4;
                                      }
                                  } else {
                                      if (features[1] < 1) {
                                          return 115;
                                      } else {
                                          return 14;
                                      }
                                  }
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[29] < 2) {
                  if (features[14] < 0) {
                      if (features[61] < 4) {
                          if (features[43] < 8) {
                              return 0;
                          } else {
                              if (features[59] < 11) {
                                  return 2;
                              } else {
                                  if (features[58] < 6) {
                                      return 16;
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      } else {
                          if (features[25] < 11) {
                              return 1;
                          } else {
                              return 0;
                          }
                      }
                  } else {
                      if (features[4] < 6) {
                          return 6;
                      } else {
                          if (features[42] < 8) {
                              return 0;
                          } else {
                              if (features[33] < 5) {
                                  return 3;
                              } else {
                                  return 0;
                              }
                          }
                      }
                  }
              } else {
                  if (features[43] < 6) {
                      if (features[36] < 0) {
                          if (features[35] < 5) {
                              return 3;
                          } else {
                              if (features[45] < 14) {
                                  return 0;
                              } else {
                                  return 3;
                              }
                          }
                      } else {
                          if (features[36] < 11) {
                              if (features[58] < 4) {
                                  if (features[26] < 14) {
                                      return 15;
                                  } else {
                                      if (features[21] < 4) {
                                          return 1;
                                      } else {
                                          return 116;
                                      }
                                  }
                              } else {
                                  return 0;
                              }
                          } else {
                              if (features[30] < 8) {
                                  if (features[2] < 1) {
                                      if (features[21] < 12) {
                                          return 15;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      return 1;
                                  }
                              } else {
                                  return 2;
                              }
                          }
                      }
                  } else {
                      if (features[36] < 0) {
                          if (features[60] < 15) {
                              return 3;
                          } else {
                              if (features[44] < 6) {
                                  return 1;
                              } else {
                                  return 2;
                              }
                          }
                      } else {
                          if (features[58] < 5) {
                              if (features[37] < 6) {
                                  if (features[44] < 11) {
                                      if (features[50] < 5) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[46] < 7) {
                                      if (features[42] < 5) {
                                          return 117;
                                      } else {
                                          return 118;
                                      }
                                  } else {
                                      return 1;
                                  }
                              }
                          } else {
                              return 6;
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_5(const int16_t *features, int32_t features_length) {
          if (features[36] < 0) {
              if (features[34] < 3) {
                  if (features[63] < 2) {
                      if (features[25] < 1) {
                          if (features[9] < 9) {
                              if (features[3] < 9) {
                                  if (features[46] < 11) {
                                      return 4;
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  return 4;
                              }
                          } else {
                              return 14;
                          }
                      } else {
                          if (features[58] < 8) {
                              if (features[13] < 6) {
                                  return 0;
                              } else {
                                  return 4;
                              }
                          } else {
                              return 0;
                          }
                      }
                  } else {
                      return 8;
                  }
              } else {
                  if (features[33] < 3) {
                      if (features[42] < 10) {
                          if (features[22] < 0) {
                              return 0;
                          } else {
                              return 16;
                          }
                      } else {
                          if (features[35] < 8) {
                              if (features[2] < 1) {
                                  return 2;
                              } else {
                                  return 3;
                              }
                          } else {
                              if (features[58] < 5) {
                                  return 1;
                              } else {
                                  if (features[54] < 2) {
                                      return 16;
                                  } else {
                                      return 8;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[57] < 1) {
                          if (features[35] < 5) {
                              return 3;
                          } else {
                              if (features[6] < 2) {
                                  return 3;
                              } else {
                                  return 0;
                              }
                          }
                      } else {
                          return 0;
                      }
                  }
              }
          } else {
              if (features[46] < 5) {
                  if (features[38] < 0) {
                      if (features[19] < 12) {
                          if (features[26] < 6) {
                              if (features[43] < 1) {
                                  if (features[59] < 6) {
                                      if (features[35] < 6) {
                                          return 15;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[34] < 6) {
                                          return 119;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[45] < 10) {
                                      if (features[60] < 5) {
                                          return 14;
                                      } else {
                                          return 120;
                                      }
                                  } else {
                                      if (features[37] < 1) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          } else {
                              if (features[29] < 0) {
                                  if (features[61] < 6) {
                                      if (features[11] < 6) {
                                          return 16;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      if (features[55] < 0) {
                                          return 121;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  if (features[49] < 1) {
                                      if (features[21] < 1) {
                                          return 122;
                                      } else {
                                          return 123;
                                      }
                                  } else {
                                      if (features[18] < 7) {
                                          return 6;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[20] < 14) {
                              if (features[55] < 0) {
                                  if (features[34] < 1) {
                                      if (features[21] < 8) {
                                          return 124;
                                      } else {
                                          return 125;
                                      }
                                  } else {
                                      if (features[29] < 0) {
                                          return 126;
                                      } else {
                                          return 127;
                                      }
                                  }
                              } else {
                                  return 15;
                              }
                          } else {
                              if (features[50] < 10) {
                                  if (features[18] < 14) {
                                      if (features[54] < 8) {
                                          return 15;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      if (features[17] < 2) {
                                          return 16;
                                      } else {
                                          return 128;
                                      }
                                  }
                              } else {
                                  if (features[42] < 14) {
                                      if (features[61] < 10) {
                                          return 129;
                                      } else {
                                          return 130;
                                      }
                                  } else {
                                      if (features[62] < 2) {
                                          return 131;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[26] < 10) {
                          if (features[61] < 1) {
                              if (features[35] < 14) {
                                  if (features[27] < 15) {
                                      return 6;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 6;
                              }
                          } else {
                              if (features[44] < 13) {
                                  if (features[20] < 3) {
                                      if (features[52] < 10) {
                                          return 132;
                                      } else {
                                          return 8;
                                      }
                                  } else {
                                      if (features[58] < 6) {
                                          return 125;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  return 2;
                              }
                          }
                      } else {
                          if (features[5] < 9) {
                              if (features[9] < 0) {
                                  if (features[2] < 1) {
                                      return 2;
                                  } else {
                                      if (features[45] < 12) {
                                          return 2;
                                      } else {
                                          return 133;
                                      }
                                  }
                              } else {
                                  if (features[60] < 8) {
                                      if (features[17] < 2) {
                                          return 6;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              if (features[29] < 15) {
                                  if (features[27] < 3) {
                                      if (features[2] < 0) {
                                          return 2;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      if (features[33] < 0) {
                                          return 16;
                                      } else {
                                          return 0;
                                      }
                                  }
                              } else {
                                  if (features[11] < 4) {
                                      return 15;
                                  } else {
                                      if (features[36] < 2) {
                                          return 0;
                                      } else {
                                          return 134;
                                      }
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[26] < 7) {
                      if (features[11] < 12) {
                          if (features[3] < 3) {
                              return 15;
                          } else {
                              if (features[47] < 0) {
                                  if (features[52] < 1) {
                                      if (features[4] < 12) {
                                          return 135;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  return 8;
                              }
                          }
                      } else {
                          if (features[35] < 12) {
                              if (features[51] < 7) {
                                  return 4;
                              } else {
                                  return 14;
                              }
                          } else {
                              if (features[34] < 7) {
                                  if (features[50] < 4) {
                                      return 14;
                                  } else {
                                      return 8;
                                  }
                              } else {
                                  if (features[20] < 5) {
                                      return 1;
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[10] < 12) {
                          if (features[21] < 3) {
                              if (features[42] < 6) {
                                  if (features[60] < 14) {
                                      return 14;
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  if (features[3] < 2) {
                                      return 2;
                                  } else {
                                      return 1;
                                  }
                              }
                          } else {
                              if (features[10] < 6) {
                                  if (features[13] < 10) {
                                      return 2;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 4;
                              }
                          }
                      } else {
                          if (features[13] < 9) {
                              if (features[2] < 2) {
                                  return 1;
                              } else {
                                  if (features[35] < 5) {
                                      if (features[28] < 15) {
                                          return 0;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      if (features[35] < 10) {
                                          return 4;
                                      } else {
                                          return 136;
                                      }
                                  }
                              }
                          } else {
                              if (features[2] < 2) {
                                  return 16;
                              } else {
                                  if (features[43] < 8) {
                                      if (features[42] < 11) {
                                          return 4;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_6(const int16_t *features, int32_t features_length) {
          if (features[30] < 0) {
              if (features[27] < 15) {
                  if (features[51] < 10) {
                      if (features[45] < 8) {
                          if (features[44] < 8) {
                              if (features[21] < 1) {
                                  if (features[14] < 1) {
                                      if (features[46] < 3) {
                                          return 8;
                                      } else {
                                          return 1;
                                      }
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  if (features[45] < 0) {
                                      if (features[41] < 1) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[4] < 9) {
                                          return 4;
                                      } else {
                                          return 137;
                                      }
                                  }
                              }
                          } else {
                              if (features[42] < 5) {
                                  if (features[2] < 3) {
                                      if (features[21] < 4) {
                                          return 2;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      if (features[43] < 13) {
                                          return 0;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[41] < 4) {
                                      if (features[50] < 4) {
                                          return 14;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      } else {
                          if (features[25] < 0) {
                              if (features[26] < 3) {
                                  if (features[10] < 0) {
                                      return 15;
                                  } else {
                                      if (features[14] < 6) {
                                          return 14;
                                      } else {
                                          return 138;
                                      }
                                  }
                              } else {
                                  if (features[38] < 1) {
                                      if (features[35] < 11) {
                                          return 139;
                                      } else {
                                          return 140;
                                      }
                                  } else {
                                      if (features[3] < 5) {
                                          return 2;
                                      } else {
                                          return 116;
                                      }
                                  }
                              }
                          } else {
                              if (features[17] < 0) {
                                  if (features[50] < 9) {
                                      return 2;
                                  } else {
                                      return 1;
                                  }
                              } else {
                                  if (features[11] < 6) {
                                      if (features[37] < 8) {
                                          return 16;
                                      } else {
                                          return 4;
                                      }
                                  } else {
                                      if (features[54] < 2) {
                                          return 141;
                                      } else {
                                          return 142;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[34] < 11) {
                          if (features[61] < 0) {
                              if (features[38] < 0) {
                                  if (features[13] < 13) {
                                      if (features[12] < 13) {
                                          return 143;
                                      } else {
                                          return 144;
                                      }
                                  } else {
                                      if (features[35] < 15) {
                                          return 145;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[49] < 5) {
                                      return 6;
                                  } else {
                                      return 2;
                                  }
                              }
                          } else {
                              if (features[57] < 0) {
                                  if (features[2] < 5) {
                                      if (features[45] < 1) {
                                          return 146;
                                      } else {
                                          return 147;
                                      }
                                  } else {
                                      if (features[14] < 2) {
                                          return 148;
                                      } else {
                                          return 149;
                                      }
                                  }
                              } else {
                                  if (features[46] < 9) {
                                      if (features[45] < 14) {
                                          return 8;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 14;
                                  }
                              }
                          }
                      } else {
                          if (features[61] < 2) {
                              if (features[13] < 1) {
                                  return 2;
                              } else {
                                  if (features[5] < 8) {
                                      if (features[2] < 0) {
                                          return 150;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      if (features[41] < 3) {
                                          return 0;
                                      } else {
                                          return 16;
                                      }
                                  }
                              }
                          } else {
                              if (features[14] < 0) {
                                  return 1;
                              } else {
                                  if (features[27] < 9) {
                                      return 4;
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[20] < 3) {
                      if (features[61] < 6) {
                          return 0;
                      } else {
                          if (features[46] < 7) {
                              if (features[45] < 9) {
                                  return 15;
                              } else {
                                  return 16;
                              }
                          } else {
                              return 1;
                          }
                      }
                  } else {
                      if (features[46] < 4) {
                          if (features[51] < 15) {
                              if (features[54] < 4) {
                                  if (features[3] < 7) {
                                      if (features[10] < 3) {
                                          return 15;
                                      } else {
                                          return 151;
                                      }
                                  } else {
                                      if (features[45] < 6) {
                                          return 152;
                                      } else {
                                          return 153;
                                      }
                                  }
                              } else {
                                  if (features[49] < 0) {
                                      if (features[41] < 1) {
                                          return 154;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[42] < 14) {
                                          return 16;
                                      } else {
                                          return 8;
                                      }
                                  }
                              }
                          } else {
                              if (features[9] < 2) {
                                  return 15;
                              } else {
                                  return 16;
                              }
                          }
                      } else {
                          if (features[35] < 12) {
                              if (features[62] < 1) {
                                  if (features[4] < 6) {
                                      return 0;
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[13] < 1) {
                                      return 1;
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              if (features[19] < 15) {
                                  if (features[61] < 3) {
                                      return 2;
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  if (features[33] < 7) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[43] < 6) {
                  if (features[50] < 8) {
                      if (features[61] < 2) {
                          if (features[12] < 4) {
                              if (features[45] < 10) {
                                  return 2;
                              } else {
                                  return 0;
                              }
                          } else {
                              if (features[27] < 11) {
                                  if (features[2] < 0) {
                                      if (features[19] < 6) {
                                          return 6;
                                      } else {
                                          return 155;
                                      }
                                  } else {
                                      if (features[44] < 10) {
                                          return 156;
                                      } else {
                                          return 6;
                                      }
                                  }
                              } else {
                                  if (features[33] < 1) {
                                      return 4;
                                  } else {
                                      if (features[17] < 3) {
                                          return 2;
                                      } else {
                                          return 0;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[37] < 7) {
                              if (features[58] < 0) {
                                  return 16;
                              } else {
                                  if (features[52] < 7) {
                                      return 0;
                                  } else {
                                      return 3;
                                  }
                              }
                          } else {
                              if (features[4] < 5) {
                                  if (features[46] < 5) {
                                      return 15;
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  if (features[13] < 15) {
                                      if (features[33] < 8) {
                                          return 157;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      if (features[51] < 2) {
                                          return 15;
                                      } else {
                                          return 158;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[34] < 2) {
                          if (features[54] < 13) {
                              if (features[13] < 6) {
                                  return 14;
                              } else {
                                  return 4;
                              }
                          } else {
                              return 14;
                          }
                      } else {
                          if (features[28] < 5) {
                              if (features[10] < 3) {
                                  return 2;
                              } else {
                                  return 3;
                              }
                          } else {
                              if (features[38] < 1) {
                                  return 16;
                              } else {
                                  if (features[17] < 4) {
                                      if (features[5] < 6) {
                                          return 159;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      return 4;
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[33] < 3) {
                      if (features[37] < 2) {
                          if (features[44] < 4) {
                              return 3;
                          } else {
                              return 16;
                          }
                      } else {
                          if (features[18] < 11) {
                              if (features[62] < 2) {
                                  if (features[44] < 13) {
                                      return 6;
                                  } else {
                                      if (features[53] < 2) {
                                          return 6;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[4] < 10) {
                                      return 1;
                                  } else {
                                      return 8;
                                  }
                              }
                          } else {
                              if (features[38] < 0) {
                                  if (features[34] < 8) {
                                      return 16;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[50] < 9) {
                                      if (features[10] < 11) {
                                          return 2;
                                      } else {
                                          return 6;
                                      }
                                  } else {
                                      return 3;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[35] < 14) {
                          if (features[43] < 11) {
                              if (features[36] < 0) {
                                  if (features[27] < 13) {
                                      return 3;
                                  } else {
                                      return 1;
                                  }
                              } else {
                                  return 2;
                              }
                          } else {
                              return 2;
                          }
                      } else {
                          if (features[18] < 12) {
                              if (features[46] < 0) {
                                  if (features[13] < 1) {
                                      return 2;
                                  } else {
                                      return 6;
                                  }
                              } else {
                                  if (features[19] < 6) {
                                      return 6;
                                  } else {
                                      return 2;
                                  }
                              }
                          } else {
                              if (features[29] < 11) {
                                  if (features[6] < 5) {
                                      return 1;
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  return 2;
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_7(const int16_t *features, int32_t features_length) {
          if (features[19] < 12) {
              if (features[53] < 1) {
                  if (features[17] < 4) {
                      if (features[21] < 7) {
                          if (features[29] < 6) {
                              if (features[6] < 0) {
                                  if (features[38] < 1) {
                                      return 15;
                                  } else {
                                      if (features[12] < 10) {
                                          return 160;
                                      } else {
                                          return 6;
                                      }
                                  }
                              } else {
                                  if (features[52] < 14) {
                                      return 0;
                                  } else {
                                      return 16;
                                  }
                              }
                          } else {
                              if (features[13] < 0) {
                                  return 2;
                              } else {
                                  return 6;
                              }
                          }
                      } else {
                          if (features[13] < 7) {
                              if (features[25] < 3) {
                                  if (features[43] < 8) {
                                      return 4;
                                  } else {
                                      if (features[4] < 7) {
                                          return 2;
                                      } else {
                                          return 6;
                                      }
                                  }
                              } else {
                                  return 2;
                              }
                          } else {
                              if (features[49] < 1) {
                                  if (features[37] < 1) {
                                      if (features[50] < 11) {
                                          return 6;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[5] < 1) {
                                          return 2;
                                      } else {
                                          return 161;
                                      }
                                  }
                              } else {
                                  if (features[46] < 0) {
                                      return 16;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[21] < 2) {
                          if (features[46] < 1) {
                              return 0;
                          } else {
                              return 6;
                          }
                      } else {
                          if (features[37] < 10) {
                              if (features[50] < 4) {
                                  return 4;
                              } else {
                                  return 16;
                              }
                          } else {
                              if (features[42] < 5) {
                                  return 2;
                              } else {
                                  return 6;
                              }
                          }
                      }
                  }
              } else {
                  if (features[62] < 2) {
                      if (features[18] < 5) {
                          if (features[30] < 1) {
                              if (features[25] < 0) {
                                  if (features[19] < 9) {
                                      if (features[29] < 0) {
                                          return 162;
                                      } else {
                                          return 163;
                                      }
                                  } else {
                                      if (features[54] < 1) {
                                          return 15;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  if (features[37] < 2) {
                                      return 0;
                                  } else {
                                      if (features[18] < 1) {
                                          return 15;
                                      } else {
                                          return 164;
                                      }
                                  }
                              }
                          } else {
                              if (features[13] < 8) {
                                  return 2;
                              } else {
                                  if (features[45] < 15) {
                                      if (features[59] < 11) {
                                          return 6;
                                      } else {
                                          return 165;
                                      }
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      } else {
                          if (features[21] < 3) {
                              if (features[41] < 1) {
                                  if (features[58] < 4) {
                                      if (features[43] < 14) {
                                          return 166;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[43] < 12) {
                                          return 167;
                                      } else {
                                          return 8;
                                      }
                                  }
                              } else {
                                  if (features[20] < 10) {
                                      if (features[59] < 14) {
                                          return 168;
                                      } else {
                                          return 169;
                                      }
                                  } else {
                                      return 14;
                                  }
                              }
                          } else {
                              if (features[37] < 3) {
                                  if (features[27] < 9) {
                                      if (features[34] < 3) {
                                          return 8;
                                      } else {
                                          return 170;
                                      }
                                  } else {
                                      if (features[9] < 3) {
                                          return 16;
                                      } else {
                                          return 171;
                                      }
                                  }
                              } else {
                                  if (features[25] < 1) {
                                      if (features[29] < 10) {
                                          return 172;
                                      } else {
                                          return 173;
                                      }
                                  } else {
                                      if (features[42] < 7) {
                                          return 174;
                                      } else {
                                          return 175;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[46] < 1) {
                          if (features[45] < 8) {
                              if (features[58] < 0) {
                                  if (features[11] < 7) {
                                      return 15;
                                  } else {
                                      if (features[44] < 6) {
                                          return 8;
                                      } else {
                                          return 16;
                                      }
                                  }
                              } else {
                                  return 8;
                              }
                          } else {
                              if (features[59] < 4) {
                                  return 15;
                              } else {
                                  if (features[42] < 11) {
                                      if (features[36] < 9) {
                                          return 8;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      } else {
                          if (features[26] < 10) {
                              if (features[36] < 11) {
                                  if (features[9] < 5) {
                                      if (features[59] < 13) {
                                          return 176;
                                      } else {
                                          return 177;
                                      }
                                  } else {
                                      if (features[37] < 8) {
                                          return 178;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[53] < 14) {
                                      return 14;
                                  } else {
                                      return 8;
                                  }
                              }
                          } else {
                              if (features[13] < 6) {
                                  return 1;
                              } else {
                                  return 4;
                              }
                          }
                      }
                  }
              }
          } else {
              if (features[41] < 5) {
                  if (features[44] < 5) {
                      if (features[5] < 1) {
                          if (features[45] < 1) {
                              if (features[36] < 6) {
                                  return 8;
                              } else {
                                  return 6;
                              }
                          } else {
                              if (features[34] < 6) {
                                  if (features[14] < 3) {
                                      if (features[54] < 11) {
                                          return 179;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  if (features[9] < 0) {
                                      if (features[58] < 2) {
                                          return 180;
                                      } else {
                                          return 3;
                                      }
                                  } else {
                                      if (features[34] < 13) {
                                          return 16;
                                      } else {
                                          return 3;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[41] < 0) {
                              if (features[30] < 1) {
                                  if (features[4] < 12) {
                                      return 0;
                                  } else {
                                      if (features[5] < 3) {
                                          return 1;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[10] < 0) {
                                      if (features[19] < 15) {
                                          return 2;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      if (features[17] < 8) {
                                          return 4;
                                      } else {
                                          return 15;
                                      }
                                  }
                              }
                          } else {
                              if (features[46] < 5) {
                                  if (features[27] < 6) {
                                      return 0;
                                  } else {
                                      return 16;
                                  }
                              } else {
                                  if (features[12] < 14) {
                                      return 1;
                                  } else {
                                      return 3;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[28] < 4) {
                          if (features[52] < 12) {
                              if (features[12] < 14) {
                                  return 1;
                              } else {
                                  if (features[20] < 9) {
                                      return 2;
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              if (features[43] < 11) {
                                  if (features[58] < 5) {
                                      return 3;
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[37] < 8) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      } else {
                          if (features[50] < 10) {
                              if (features[17] < 3) {
                                  if (features[36] < 7) {
                                      if (features[18] < 14) {
                                          return 181;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[27] < 10) {
                                          return 182;
                                      } else {
                                          return 183;
                                      }
                                  }
                              } else {
                                  if (features[44] < 14) {
                                      if (features[4] < 14) {
                                          return 184;
                                      } else {
                                          return 185;
                                      }
                                  } else {
                                      if (features[21] < 6) {
                                          return 0;
                                      } else {
                                          return 15;
                                      }
                                  }
                              }
                          } else {
                              if (features[6] < 4) {
                                  if (features[27] < 15) {
                                      if (features[52] < 15) {
                                          return 16;
                                      } else {
                                          return 186;
                                      }
                                  } else {
                                      if (features[26] < 10) {
                                          return 187;
                                      } else {
                                          return 15;
                                      }
                                  }
                              } else {
                                  if (features[34] < 6) {
                                      return 0;
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[10] < 5) {
                      if (features[54] < 3) {
                          return 2;
                      } else {
                          return 8;
                      }
                  } else {
                      if (features[59] < 15) {
                          return 3;
                      } else {
                          return 15;
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_8(const int16_t *features, int32_t features_length) {
          if (features[36] < 0) {
              if (features[5] < 11) {
                  if (features[41] < 0) {
                      if (features[43] < 0) {
                          if (features[21] < 1) {
                              return 0;
                          } else {
                              if (features[33] < 2) {
                                  return 4;
                              } else {
                                  return 3;
                              }
                          }
                      } else {
                          if (features[33] < 1) {
                              if (features[18] < 2) {
                                  return 8;
                              } else {
                                  if (features[17] < 1) {
                                      return 1;
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              return 3;
                          }
                      }
                  } else {
                      if (features[10] < 0) {
                          return 2;
                      } else {
                          if (features[6] < 2) {
                              if (features[58] < 13) {
                                  if (features[21] < 6) {
                                      if (features[51] < 13) {
                                          return 3;
                                      } else {
                                          return 1;
                                      }
                                  } else {
                                      return 3;
                                  }
                              } else {
                                  return 8;
                              }
                          } else {
                              return 4;
                          }
                      }
                  }
              } else {
                  if (features[2] < 4) {
                      return 4;
                  } else {
                      if (features[13] < 9) {
                          return 0;
                      } else {
                          if (features[38] < 3) {
                              return 16;
                          } else {
                              return 3;
                          }
                      }
                  }
              }
          } else {
              if (features[62] < 0) {
                  if (features[21] < 0) {
                      if (features[41] < 1) {
                          if (features[5] < 3) {
                              if (features[30] < 1) {
                                  if (features[46] < 5) {
                                      if (features[18] < 6) {
                                          return 15;
                                      } else {
                                          return 188;
                                      }
                                  } else {
                                      if (features[3] < 11) {
                                          return 1;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[22] < 3) {
                                      return 6;
                                  } else {
                                      return 2;
                                  }
                              }
                          } else {
                              if (features[34] < 15) {
                                  if (features[52] < 5) {
                                      if (features[26] < 11) {
                                          return 14;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  if (features[42] < 14) {
                                      return 0;
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      } else {
                          if (features[59] < 11) {
                              if (features[52] < 6) {
                                  return 1;
                              } else {
                                  return 2;
                              }
                          } else {
                              if (features[58] < 3) {
                                  return 1;
                              } else {
                                  if (features[28] < 6) {
                                      return 2;
                                  } else {
                                      if (features[38] < 0) {
                                          return 0;
                                      } else {
                                          return 14;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[61] < 0) {
                          if (features[5] < 1) {
                              if (features[18] < 8) {
                                  if (features[58] < 3) {
                                      if (features[11] < 12) {
                                          return 2;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 6;
                                  }
                              } else {
                                  if (features[58] < 11) {
                                      if (features[19] < 12) {
                                          return 2;
                                      } else {
                                          return 189;
                                      }
                                  } else {
                                      return 16;
                                  }
                              }
                          } else {
                              if (features[52] < 14) {
                                  if (features[17] < 5) {
                                      if (features[19] < 10) {
                                          return 190;
                                      } else {
                                          return 191;
                                      }
                                  } else {
                                      if (features[43] < 11) {
                                          return 4;
                                      } else {
                                          return 192;
                                      }
                                  }
                              } else {
                                  if (features[37] < 13) {
                                      if (features[45] < 6) {
                                          return 193;
                                      } else {
                                          return 194;
                                      }
                                  } else {
                                      if (features[14] < 0) {
                                          return 2;
                                      } else {
                                          return 6;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[20] < 15) {
                              if (features[30] < 1) {
                                  if (features[42] < 8) {
                                      if (features[1] < 0) {
                                          return 195;
                                      } else {
                                          return 196;
                                      }
                                  } else {
                                      if (features[46] < 1) {
                                          return 197;
                                      } else {
                                          return 198;
                                      }
                                  }
                              } else {
                                  if (features[28] < 5) {
                                      if (features[58] < 1) {
                                          return 2;
                                      } else {
                                          return 199;
                                      }
                                  } else {
                                      if (features[33] < 6) {
                                          return 200;
                                      } else {
                                          return 201;
                                      }
                                  }
                              }
                          } else {
                              if (features[10] < 10) {
                                  if (features[41] < 5) {
                                      if (features[27] < 9) {
                                          return 14;
                                      } else {
                                          return 202;
                                      }
                                  } else {
                                      return 2;
                                  }
                              } else {
                                  if (features[13] < 8) {
                                      if (features[42] < 11) {
                                          return 8;
                                      } else {
                                          return 203;
                                      }
                                  } else {
                                      if (features[9] < 1) {
                                          return 204;
                                      } else {
                                          return 205;
                                      }
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[26] < 6) {
                      if (features[43] < 4) {
                          if (features[42] < 8) {
                              if (features[28] < 8) {
                                  if (features[42] < 1) {
                                      return 8;
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[29] < 13) {
                                      if (features[21] < 1) {
                                          return 15;
                                      } else {
                                          return 14;
                                      }
                                  } else {
                                      return 4;
                                  }
                              }
                          } else {
                              if (features[37] < 11) {
                                  return 16;
                              } else {
                                  return 14;
                              }
                          }
                      } else {
                          if (features[19] < 15) {
                              if (features[27] < 14) {
                                  if (features[51] < 7) {
                                      return 15;
                                  } else {
                                      if (features[33] < 4) {
                                          return 8;
                                      } else {
                                          return 1;
                                      }
                                  }
                              } else {
                                  if (features[37] < 0) {
                                      return 8;
                                  } else {
                                      return 16;
                                  }
                              }
                          } else {
                              if (features[28] < 5) {
                                  return 1;
                              } else {
                                  if (features[51] < 15) {
                                      if (features[18] < 5) {
                                          return 16;
                                      } else {
                                          return 70;
                                      }
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[42] < 8) {
                          if (features[9] < 0) {
                              if (features[10] < 10) {
                                  if (features[20] < 6) {
                                      if (features[52] < 9) {
                                          return 1;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[35] < 12) {
                                      return 4;
                                  } else {
                                      return 15;
                                  }
                              }
                          } else {
                              if (features[30] < 0) {
                                  if (features[36] < 12) {
                                      if (features[52] < 5) {
                                          return 206;
                                      } else {
                                          return 207;
                                      }
                                  } else {
                                      if (features[45] < 5) {
                                          return 8;
                                      } else {
                                          return 208;
                                      }
                                  }
                              } else {
                                  if (features[37] < 15) {
                                      if (features[13] < 15) {
                                          return 4;
                                      } else {
                                          return 16;
                                      }
                                  } else {
                                      if (features[10] < 15) {
                                          return 4;
                                      } else {
                                          return 14;
                                      }
                                  }
                              }
                          }
                      } else {
                          if (features[21] < 1) {
                              if (features[46] < 1) {
                                  if (features[20] < 10) {
                                      return 8;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  return 1;
                              }
                          } else {
                              if (features[61] < 15) {
                                  if (features[51] < 12) {
                                      return 16;
                                  } else {
                                      return 15;
                                  }
                              } else {
                                  if (features[52] < 10) {
                                      return 16;
                                  } else {
                                      return 15;
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static inline int32_t mytree_tree_9(const int16_t *features, int32_t features_length) {
          if (features[60] < 2) {
              if (features[28] < 7) {
                  if (features[42] < 5) {
                      return 0;
                  } else {
                      return 16;
                  }
              } else {
                  if (features[52] < 11) {
                      if (features[26] < 10) {
                          return 6;
                      } else {
                          if (features[50] < 2) {
                              if (features[6] < 1) {
                                  if (features[12] < 10) {
                                      return 2;
                                  } else {
                                      return 4;
                                  }
                              } else {
                                  return 4;
                              }
                          } else {
                              if (features[59] < 12) {
                                  return 6;
                              } else {
                                  return 0;
                              }
                          }
                      }
                  } else {
                      return 0;
                  }
              }
          } else {
              if (features[13] < 2) {
                  if (features[9] < 0) {
                      if (features[29] < 5) {
                          if (features[27] < 15) {
                              if (features[34] < 5) {
                                  if (features[2] < 3) {
                                      return 15;
                                  } else {
                                      if (features[46] < 5) {
                                          return 8;
                                      } else {
                                          return 14;
                                      }
                                  }
                              } else {
                                  if (features[3] < 3) {
                                      if (features[29] < 1) {
                                          return 1;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      if (features[61] < 4) {
                                          return 209;
                                      } else {
                                          return 1;
                                      }
                                  }
                              }
                          } else {
                              if (features[46] < 3) {
                                  if (features[13] < 1) {
                                      return 15;
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  if (features[20] < 11) {
                                      return 1;
                                  } else {
                                      return 2;
                                  }
                              }
                          }
                      } else {
                          if (features[54] < 2) {
                              if (features[27] < 13) {
                                  if (features[46] < 7) {
                                      return 2;
                                  } else {
                                      return 3;
                                  }
                              } else {
                                  if (features[36] < 6) {
                                      if (features[28] < 15) {
                                          return 4;
                                      } else {
                                          return 0;
                                      }
                                  } else {
                                      if (features[29] < 8) {
                                          return 16;
                                      } else {
                                          return 2;
                                      }
                                  }
                              }
                          } else {
                              if (features[35] < 8) {
                                  if (features[19] < 10) {
                                      return 0;
                                  } else {
                                      if (features[4] < 3) {
                                          return 1;
                                      } else {
                                          return 210;
                                      }
                                  }
                              } else {
                                  if (features[58] < 4) {
                                      return 1;
                                  } else {
                                      if (features[19] < 10) {
                                          return 16;
                                      } else {
                                          return 4;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[20] < 3) {
                          if (features[4] < 13) {
                              if (features[19] < 3) {
                                  return 2;
                              } else {
                                  return 1;
                              }
                          } else {
                              return 0;
                          }
                      } else {
                          if (features[54] < 1) {
                              if (features[50] < 7) {
                                  if (features[2] < 5) {
                                      return 2;
                                  } else {
                                      return 14;
                                  }
                              } else {
                                  if (features[1] < 0) {
                                      return 14;
                                  } else {
                                      return 16;
                                  }
                              }
                          } else {
                              if (features[37] < 6) {
                                  return 8;
                              } else {
                                  if (features[44] < 4) {
                                      return 14;
                                  } else {
                                      return 16;
                                  }
                              }
                          }
                      }
                  }
              } else {
                  if (features[28] < 1) {
                      if (features[5] < 7) {
                          if (features[3] < 5) {
                              return 2;
                          } else {
                              if (features[26] < 2) {
                                  return 8;
                              } else {
                                  if (features[58] < 1) {
                                      if (features[38] < 1) {
                                          return 211;
                                      } else {
                                          return 3;
                                      }
                                  } else {
                                      return 3;
                                  }
                              }
                          }
                      } else {
                          if (features[37] < 2) {
                              return 0;
                          } else {
                              if (features[36] < 0) {
                                  return 3;
                              } else {
                                  if (features[42] < 10) {
                                      if (features[54] < 2) {
                                          return 6;
                                      } else {
                                          return 15;
                                      }
                                  } else {
                                      if (features[30] < 5) {
                                          return 1;
                                      } else {
                                          return 2;
                                      }
                                  }
                              }
                          }
                      }
                  } else {
                      if (features[21] < 1) {
                          if (features[25] < 0) {
                              if (features[20] < 6) {
                                  if (features[50] < 0) {
                                      return 6;
                                  } else {
                                      return 0;
                                  }
                              } else {
                                  if (features[2] < 11) {
                                      if (features[61] < 9) {
                                          return 14;
                                      } else {
                                          return 2;
                                      }
                                  } else {
                                      return 8;
                                  }
                              }
                          } else {
                              if (features[51] < 10) {
                                  if (features[43] < 12) {
                                      if (features[38] < 6) {
                                          return 0;
                                      } else {
                                          return 212;
                                      }
                                  } else {
                                      return 2;
                                  }
                              } else {
                                  if (features[27] < 15) {
                                      if (features[33] < 2) {
                                          return 213;
                                      } else {
                                          return 1;
                                      }
                                  } else {
                                      return 0;
                                  }
                              }
                          }
                      } else {
                          if (features[30] < 0) {
                              if (features[46] < 1) {
                                  if (features[19] < 11) {
                                      if (features[51] < 12) {
                                          return 214;
                                      } else {
                                          return 215;
                                      }
                                  } else {
                                      if (features[44] < 14) {
                                          return 216;
                                      } else {
                                          return 217;
                                      }
                                  }
                              } else {
                                  if (features[43] < 1) {
                                      if (features[5] < 4) {
                                          return 218;
                                      } else {
                                          return 219;
                                      }
                                  } else {
                                      if (features[21] < 3) {
                                          return 14;
                                      } else {
                                          return 220;
                                      }
                                  }
                              }
                          } else {
                              if (features[34] < 6) {
                                  if (features[20] < 0) {
                                      if (features[29] < 15) {
                                          return 221;
                                      } else {
                                          return 222;
                                      }
                                  } else {
                                      if (features[46] < 11) {
                                          return 223;
                                      } else {
                                          return 224;
                                      }
                                  }
                              } else {
                                  if (features[30] < 7) {
                                      if (features[61] < 0) {
                                          return 225;
                                      } else {
                                          return 226;
                                      }
                                  } else {
                                      if (features[14] < 5) {
                                          return 2;
                                      } else {
                                          return 227;
                                      }
                                  }
                              }
                          }
                      }
                  }
              }
          }
        }
        

static const uint8_t mytree_leaves[2280] = { 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 169, 0, 85, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 85, 0, 0, 0, 0, 169, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 145, 0, 109, 0, 0, 0, 0, 0, 12, 0, 0, 181, 60, 0, 0, 0, 0, 48, 0, 0, 0, 79, 127, 0, 0, 0, 0, 243, 0, 5, 0, 0, 5, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 240, 0, 0, 0, 0, 0, 0, 0, 14, 0, 0, 0, 51, 0, 0, 0, 203, 0, 0, 0, 203, 0, 0, 0, 0, 0, 51, 0, 0, 0, 0, 0, 174, 0, 0, 0, 0, 0, 80, 0, 127, 0, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 51, 0, 0, 0, 203, 0, 40, 0, 67, 0, 53, 0, 0, 40, 53, 0, 42, 0, 0, 42, 0, 21, 0, 148, 0, 0, 0, 28, 0, 0, 0, 0, 141, 42, 42, 0, 44, 33, 0, 0, 0, 0, 0, 177, 0, 0, 0, 17, 4, 0, 0, 0, 0, 202, 30, 0, 215, 0, 0, 0, 0, 0, 0, 39, 0, 0, 0, 0, 176, 0, 39, 0, 39, 0, 0, 0, 0, 0, 0, 18, 200, 36, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 7, 0, 239, 132, 28, 0, 0, 0, 0, 0, 0, 75, 19, 0, 0, 203, 0, 0, 0, 0, 0, 51, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 127, 0, 0, 0, 17, 0, 0, 0, 0, 102, 135, 0, 0, 25, 89, 0, 102, 0, 25, 0, 13, 0, 0, 7, 232, 0, 7, 0, 0, 0, 7, 0, 0, 0, 0, 0, 76, 0, 0, 0, 178, 0, 0, 32, 0, 0, 222, 0, 0, 0, 0, 0, 0, 18, 91, 0, 54, 0, 0, 91, 0, 0, 0, 220, 34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 85, 0, 0, 0, 85, 0, 85, 0, 0, 0, 9, 0, 0, 0, 0, 245, 0, 0, 0, 0, 0, 0, 85, 0, 169, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 249, 0, 73, 0, 0, 0, 181, 0, 0, 0, 0, 0, 0, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 221, 0, 16, 0, 6, 0, 0, 242, 0, 0, 6, 0, 0, 0, 127, 0, 0, 127, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 190, 0, 0, 0, 0, 0, 0, 0, 0, 0, 250, 4, 0, 0, 0, 0, 0, 85, 21, 0, 21, 127, 0, 0, 0, 0, 0, 0, 0, 127, 127, 0, 0, 0, 0, 0, 0, 17, 237, 0, 0, 0, 0, 0, 0, 51, 0, 0, 0, 102, 0, 102, 0, 0, 0, 0, 0, 0, 0, 248, 0, 6, 0, 60, 0, 90, 0, 15, 0, 0, 75, 15, 0, 7, 0, 0, 35, 0, 0, 212, 0, 0, 0, 6, 0, 0, 248, 0, 0, 0, 0, 0, 0, 145, 0, 0, 0, 0, 0, 36, 73, 0, 0, 0, 0, 0, 17, 0, 0, 169, 0, 68, 0, 0, 109, 0, 36, 0, 0, 0, 109, 0, 0, 210, 0, 0, 44, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 0, 127, 0, 0, 60, 12, 121, 0, 0, 0, 0, 60, 0, 0, 0, 7, 3, 3, 0, 0, 23, 182, 36, 0, 0, 0, 0, 0, 127, 0, 127, 0, 0, 0, 0, 64, 0, 64, 0, 0, 0, 127, 0, 0, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 225, 29, 0, 0, 0, 0, 0, 0, 0, 0, 0, 169, 0, 0, 0, 0, 85, 0, 0, 0, 0, 36, 0, 0, 0, 0, 16, 202, 0, 23, 0, 139, 0, 0, 0, 0, 46, 46, 0, 14, 5, 9, 14, 0, 0, 0, 203, 9, 0, 21, 0, 0, 0, 0, 42, 0, 85, 106, 0, 0, 0, 0, 0, 0, 0, 0, 85, 169, 0, 127, 0, 0, 0, 42, 0, 0, 0, 85, 0, 64, 0, 0, 0, 127, 0, 0, 64, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 190, 0, 0, 0, 0, 0, 0, 0, 13, 241, 0, 0, 0, 0, 127, 0, 127, 0, 0, 0, 0, 0, 0, 73, 18, 0, 54, 9, 0, 9, 91, 0, 0, 12, 12, 0, 12, 23, 0, 196, 0, 0, 0, 0, 64, 0, 0, 0, 0, 127, 64, 0, 0, 0, 0, 0, 0, 85, 0, 169, 0, 0, 169, 0, 0, 0, 0, 0, 0, 85, 0, 0, 0, 0, 0, 233, 0, 0, 21, 0, 0, 0, 102, 0, 0, 0, 0, 0, 0, 152, 0, 0, 0, 0, 0, 6, 248, 0, 0, 0, 0, 42, 0, 0, 0, 0, 14, 198, 0, 0, 0, 16, 0, 0, 0, 0, 238, 0, 0, 0, 0, 0, 0, 0, 0, 6, 6, 0, 0, 243, 0, 0, 0, 0, 0, 78, 0, 0, 137, 39, 0, 0, 0, 0, 0, 0, 0, 0, 32, 222, 0, 85, 0, 0, 0, 0, 169, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 190, 0, 85, 169, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 222, 0, 0, 0, 0, 0, 0, 28, 0, 0, 226, 0, 0, 0, 0, 0, 20, 20, 0, 0, 0, 0, 215, 0, 0, 0, 0, 0, 0, 0, 36, 0, 218, 0, 32, 64, 32, 0, 95, 0, 32, 0, 0, 0, 0, 24, 36, 12, 0, 0, 0, 169, 12, 0, 0, 212, 0, 0, 0, 0, 0, 42, 0, 0, 0, 113, 0, 0, 0, 0, 0, 141, 0, 0, 20, 0, 0, 0, 0, 0, 0, 215, 20, 0, 234, 13, 0, 0, 0, 0, 0, 7, 0, 0, 152, 51, 0, 0, 0, 0, 0, 0, 51, 0, 8, 8, 220, 0, 0, 0, 0, 11, 8, 0, 21, 0, 0, 0, 0, 0, 0, 106, 127, 0, 0, 4, 13, 0, 0, 0, 0, 233, 4, 0, 42, 0, 42, 0, 0, 0, 0, 169, 0, 0, 195, 0, 39, 20, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 15, 0, 0, 8, 228, 0, 0, 0, 0, 0, 0, 0, 127, 0, 127, 0, 0, 0, 0, 190, 0, 0, 64, 0, 0, 0, 0, 0, 0, 247, 0, 2, 4, 0, 0, 0, 0, 7, 233, 0, 0, 0, 0, 0, 14, 0, 2, 237, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 218, 0, 36, 0, 0, 0, 21, 0, 0, 233, 0, 0, 0, 0, 0, 3, 7, 3, 31, 3, 0, 31, 136, 38, 0, 51, 17, 0, 0, 186, 0, 0, 0, 0, 0, 51, 0, 0, 0, 0, 0, 0, 0, 203, 0, 64, 64, 42, 0, 0, 85, 0, 0, 0, 20, 0, 10, 0, 0, 10, 10, 0, 193, 10, 0, 222, 32, 0, 0, 0, 0, 0, 0, 0, 0, 51, 0, 0, 0, 25, 0, 0, 178, 0, 0, 0, 85, 0, 0, 0, 0, 0, 42, 127, 0, 237, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 212, 42, 85, 0, 0, 0, 0, 0, 0, 0, 0, 169, 0, 0, 0, 0, 0, 0, 0, 21, 0, 233, 0, 0, 0, 51, 0, 0, 0, 0, 51, 152, 0, 0, 0, 0, 0, 226, 0, 0, 28, 0, 0, 0, 0, 231, 0, 0, 0, 0, 0, 23, 0, 0, 0, 216, 0, 0, 0, 0, 38, 0, 0, 85, 0, 0, 0, 169, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 226, 0, 11, 33, 0, 0, 33, 177, 0, 0, 0, 0, 0, 0, 0, 85, 0, 36, 36, 0, 24, 73, 0, 0, 0, 0, 0, 234, 0, 0, 0, 20, 0, 169, 85, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 36, 0, 0, 0, 145, 0, 73, 0, 81, 162, 0, 0, 0, 0, 0, 12, 0, 0, 15, 8, 38, 0, 0, 23, 0, 169, 0, 0, 0, 244, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 127, 0, 127, 0, 0, 0, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 190, 0, 21, 85, 21, 0, 0, 0, 21, 85, 21, 0, 0, 0, 0, 0, 20, 0, 0, 234, 0, 0, 246, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 127, 0, 0, 0, 85, 0, 0, 0, 0, 0, 169, 0, 0, 9, 9, 0, 0, 0, 0, 9, 226, 0, 0, 32, 64, 0, 0, 0, 0, 0, 159, 0, 0, 0, 85, 0, 0, 169, 0, 0, 0, 85, 0, 0, 0, 85, 0, 85, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 251, 0, 3, 0, 0, 85, 169, 0, 0, 0, 0, 0, 0, 0, 0, 6, 248, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 85, 0, 0, 169, 102, 0, 51, 0, 0, 0, 0, 0, 102, 0, 0, 0, 0, 0, 0, 78, 176, 0, 0, 0, 0, 0, 0, 3, 0, 251, 0, 0, 0, 0, 9, 0, 0, 0, 19, 0, 226, 0, 0, 0, 36, 0, 0, 0, 0, 181, 36, 0, 0, 0, 109, 0, 0, 0, 0, 0, 0, 0, 145, 0, 0, 0, 46, 0, 0, 0, 0, 0, 139, 69, 5, 0, 0, 86, 0, 11, 0, 5, 113, 32, 6, 0, 0, 0, 17, 0, 0, 0, 44, 188, 10, 0, 0, 5, 30, 40, 0, 0, 35, 134, 242, 0, 0, 0, 5, 0, 0, 0, 5, 2, 12, 0, 0, 0, 0, 0, 0, 0, 0, 242, 51, 0, 0, 102, 0, 51, 0, 0, 51, 0, 169, 0, 85, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 64, 0, 0, 0, 64, 0, 0, 0, 0, 8, 0, 246, 0, 0, 0, 0, 169, 0, 0, 0, 0, 0, 0, 0, 85, 0, 64, 0, 0, 190, 0, 0, 0, 0, 0, 0, 246, 0, 0, 3, 0, 3, 0, 0, 3, 0, 195, 20, 0, 20, 0, 0, 0, 0, 20, 0, 0, 0, 169, 0, 85, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 127, 0, 0, 78, 0, 0, 0, 0, 0, 0, 176, 0, 0, 0, 0, 0, 51, 51, 51, 0, 102, 0, 56, 85, 0, 0, 113, 0, 0, 0, 0, 0, 0, 0, 0, 5, 2, 0, 0, 230, 5, 12, 0, 156, 0, 0, 20, 0, 0, 0, 59, 20, 0, 0, 0, 0, 0, 0, 0, 51, 102, 102, 0, 42, 0, 0, 0, 0, 64, 0, 148, 0, 0, 0, 0, 203, 0, 51, 0, 0, 0, 0, 0, 0, 20, 152, 4, 8, 0, 0, 51, 20, 0, 0, 18, 236, 0, 0, 0, 0, 0, 0, 0, 7, 14, 7, 7, 0, 0, 0, 219, 0, 0, 0, 56, 28, 141, 0, 28, 0, 0, 0, 85, 0, 85, 0, 0, 0, 0, 0, 85, 0, 0, 0, 0, 0, 0, 0, 0, 0, 59, 195, 0, 0, 0, 0, 203, 0, 0, 51, 0, 0, 0, 248, 0, 0, 0, 0, 0, 0, 6, 0, 0, 102, 102, 0, 0, 0, 0, 0, 51, 0, 0, 0, 0, 0, 0, 141, 0, 0, 0, 113, 0, 0, 0, 127, 0, 0, 0, 0, 95, 32, 0, 0, 0, 0, 0, 169, 0, 0, 0, 85, 0, 102, 0, 152, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 224, 0, 0, 0, 0, 0, 190, 64, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 0, 0, 127, 127, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, 0, 0, 21, 0, 233, 0, 0, 0, 0, 0, 0, 102, 0, 0, 0, 0, 0, 152, 0, 5, 19, 39, 70, 10, 5, 0, 7, 85, 15, 0, 0, 221, 0, 5, 9, 0, 0, 19, 0, 0, 109, 12, 12, 0, 18, 0, 0, 97, 6, 0, 240, 0, 0, 0, 0, 0, 0, 14, 0, 0, 0, 0, 169, 0, 0, 0, 0, 19, 66, 0, 0, 0, 245, 0, 0, 0, 0, 0, 9, 0, 0, 31, 22, 27, 0, 0, 31, 138, 4, 0, 0, 0, 0, 0, 0, 0, 28, 226, 0, 0, 0, 64, 0, 0, 0, 0, 127, 0, 64, 0, 11, 13, 0, 0, 3, 0, 0, 5, 222, 0, 0, 0, 117, 0, 0, 0, 0, 0, 137, 0, 0, 0, 0, 39, 20, 0, 176, 20, 0, 27, 54, 9, 18, 0, 18, 0, 0, 64, 64, 0, 0, 0, 0, 23, 0, 0, 231, 0, 0 };

int32_t mytree_predict(const int16_t *features, int32_t features_length) {

        float out[10] = {0.0f,};

        int offset = 0;

        offset = 10*mytree_tree_0(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_1(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_2(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_3(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_4(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_5(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_6(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_7(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_8(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_9(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    
        // argmax over probabilities
        int32_t most_voted_class = -1;
        float most_voted_proba = 0.0f;
        for (int32_t i=0; i<10; i++) {

            if (out[i] > most_voted_proba) {
                most_voted_class = i;
                most_voted_proba = out[i];
            }
        }
        return most_voted_class;
    }
    

int mytree_predict_proba(const int16_t *features, int32_t features_length, float *out, int out_length) {

        int offset = 0;

        for (int i=0; i<out_length; i++) {
            out[i] = 0.0f;
        }

        offset = 10*mytree_tree_0(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_1(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_2(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_3(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_4(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_5(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_6(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_7(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_8(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    offset = 10*mytree_tree_9(features, features_length);
            for (int i=0; i<10; i++) { out[i] += (mytree_leaves[offset+i]/255.0f); }
        
    
        // compute mean
        for (int i=0; i<out_length; i++) {
            out[i] = out[i] / 10;
        }
        return 0;
    }
    

            int32_t
            predict_wrapper(const float *values, int length) {
                // Convert to whatever is needed for inline
                int16_t features[64];
                for (int i=0; i<length; i++) {
                    features[i] = (int16_t)values[i];
                }
                const int32_t out = mytree_predict(features, length);
                if (out < 0) {
                    return -out;
                }
                return out;
            }

            int
            predict_proba_wrapper(const float *values, int length, float *outputs, int n_outputs) {
                // Convert to whatever is needed for inline
                int16_t features[64];
                for (int i=0; i<length; i++) {
                    features[i] = (int16_t)values[i];
                }

                const int err =                     mytree_predict_proba(features, length, outputs, n_outputs);

                return err;
            }
            