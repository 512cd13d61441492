# 每一步的数在文字上是什么：各种层的步骤与损失。

## A dense layer and the loss
desc-loss = 样本 { $sample } 的损失（{ $loss }）
desc-input = 输入 { $j }
desc-output-neuron = 输出神经元 { $j }
desc-hidden-neuron = 隐藏层神经元 { $j }
desc-layer-neuron = 第 { $l } 隐藏层的神经元 { $j }
desc-z = { $neuron } 的加权输入
desc-a = { $neuron } 的激活值（{ $activation }）
desc-delta = { $neuron } 的误差项 ∂L/∂z
desc-weight = 权重（{ $from } → { $to }）
desc-bias = { $neuron } 的偏置
desc-grad = 损失对{ $param }的梯度
desc-updated = 更新后的{ $param }
desc-state = { $param }的{ $moment }
desc-moment-m = Adam 一阶矩（梯度的滑动平均）
desc-moment-v = Adam 二阶矩（梯度平方的滑动平均）
desc-moment-velocity = 动量速度
desc-moment-mhat = 偏差修正后的一阶矩
desc-moment-vhat = 偏差修正后的二阶矩
desc-moment-decayed = AdamW 衰减后的值（Adam 步之前）
desc-at-sample = ，样本 { $sample }
desc-at-update = ，第 { $batch } 批之后的更新
