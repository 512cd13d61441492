# 每一步的数在文字上是什么：各种层的步骤与损失。与 steps.en.ftl 的 id 与变量一一对应（有测试检查）。

## The loss
desc-loss = 样本 { $sample } 的损失（{ $loss }）
desc-at-sample = ，样本 { $sample }
desc-at-update = ，第 { $batch } 批之后的更新

## Shared by the kinds: updates, optimizer states, the layer below, two clauses
desc-grad = 损失对{ $param }的梯度
desc-updated = 更新后的{ $param }
desc-state = { $param }的{ $moment }
desc-moment-m = 一阶矩（Adam：梯度的滑动平均）
desc-moment-v = 二阶矩（Adam：梯度平方的滑动平均）
desc-moment-velocity = 动量速度
desc-moment-mhat = 偏差修正后的一阶矩
desc-moment-vhat = 偏差修正后的二阶矩
desc-moment-decayed = 衰减后的值（AdamW，在 Adam 步之前）
desc-the-input = 输入
desc-layer = 第 { $layer } 层
desc-layer-output = 第 { $layer } 层的输出
desc-feature-delta = 位置 { $position } 特征 { $feature } 的误差项 ∂L/∂a
desc-clauses = { $first }；{ $then }

## dense
desc-input = 输入 { $j }
desc-output-neuron = 输出神经元 { $j }
desc-hidden-neuron = 隐藏层神经元 { $j }
desc-layer-neuron = 第 { $l } 隐藏层的神经元 { $j }
desc-dense-at-position = 位置 { $position } 的{ $neuron }
desc-z = { $neuron } 的加权输入
desc-a = { $neuron } 的激活值（{ $activation }）
desc-delta = { $neuron } 的误差项 ∂L/∂z
desc-weight = 权重（{ $from } → { $to }）
desc-bias = { $neuron } 的偏置
desc-dense-lora-down = LoRA 的降维投影 A·a，第 { $rank } 个秩分量
desc-dense-lora-ddown = LoRA 降维投影的 ∂L/∂，第 { $rank } 个秩分量
desc-dense-lora-grad = 损失对 LoRA 的 { $tensor }[{ $index }] 的梯度
desc-dense-lora-updated = 更新后的 LoRA 的 { $tensor }[{ $index }]
desc-dense-lora-state = LoRA 的 { $tensor }[{ $index }] 的{ $moment }

## conv2d
desc-conv-at = 特征图 { $map } 第 { $row } 行第 { $col } 列
desc-conv-input-image = 输入图像
desc-conv-channels = { $of }（全部 { $count } 个通道，逐通道求和）
desc-conv-z = { $at }的加权输入：{ $kernel } 卷积核覆盖{ $channels }的第 { $top } 至 { $bottom } 行、第 { $left } 至 { $right } 列（互相关，卷积核不翻转，与 nn.Conv2d 的计算相同），再加上该特征图的偏置{ $padding }
desc-conv-padding = ；窗口越过了边缘，越出的部分是填充的 0
desc-conv-a = { $at }的激活值（{ $activation }）
desc-conv-delta = { $at }的误差项 ∂L/∂z
desc-conv-weight = 卷积核权重（特征图 { $map }，输入通道 { $channel }，核第 { $row } 行第 { $col } 列）
desc-conv-bias = 特征图 { $map } 的偏置
desc-conv-grad-weight = 损失对{ $weight }的梯度：输入通道 { $channel } 与特征图 { $map } 的 δ 做互相关——对每个输出，把它的 δ 乘以这个权重在那里读到的输入，再全部相加
desc-conv-grad-bias = 损失对特征图 { $map } 的偏置的梯度：该特征图全部 { $positions } 个位置上的 δ 之和，偏置加到了其中每一个位置上
desc-conv-passed-back = 第 { $from } 层传回的误差：对其 { $kernel } 卷积核的窗口读到过这个数的每个输出，把读它的那个权重乘以该输出的 δ，再全部相加——即教材所说的 δ⁽{ $from }⁾ 与翻转后的卷积核的全卷积

## maxpool2d, avgpool2d
desc-pool-at = 特征图 { $map } 第 { $row } 行第 { $col } 列
desc-pool-max-a = 最大池化的输出，{ $at }：{ $source }的特征图 { $map } 上第 { $top } 至 { $bottom } 行、第 { $left } 至 { $right } 列的 { $kernel } 窗口中最大的数（相等时取第一个）
desc-pool-avg-a = 平均池化的输出，{ $at }：{ $source }的特征图 { $map } 上第 { $top } 至 { $bottom } 行、第 { $left } 至 { $right } 列的 { $kernel } 窗口的平均值
desc-pool-max-delta = 到达最大池化输出（{ $at }）的误差 ∂L/∂a
desc-pool-avg-delta = 到达平均池化输出（{ $at }）的误差 ∂L/∂a
desc-pool-max-routed = 这个误差再只传回它窗口中的最大值
desc-pool-avg-routed = 这个误差再平均分给它窗口中的各个数
desc-pool-max-passed-back = 第 { $from } 层的最大池化只把每个窗口的误差传给窗口中的最大值（相等时取第一个）；窗口中其余的数得到 0
desc-pool-avg-passed-back = 第 { $from } 层的平均池化把每个窗口的误差平均分给窗口中的每个数，各得 1/{ $area }

## flatten
desc-flatten-place = 通道 { $channel } 第 { $row } 行第 { $col } 列
desc-flatten-a = 展平向量的第 { $number } 个数：{ $below }的{ $place }，按行优先顺序：({ $channel } − 1)·{ $plane } + ({ $row } − 1)·{ $width } + { $col } = { $number }
desc-flatten-delta = 到达展平向量第 { $number } 个数的误差 ∂L/∂a；它传回{ $below }的{ $place }
desc-flatten-passed-back = 第 { $from } 层的展平把每个数的误差送回它原来的位置

## rnn, lstm: what both say
desc-recurrent-unit = 隐藏单元 { $unit }（时间步 { $step }）
desc-recurrent-row = 隐藏单元 { $unit }
desc-recurrent-gate-row = 单元 { $unit } 的{ $gate }，第 { $row } 行
desc-recurrent-input-weight = 输入权重（输入 { $input } → { $row }）
desc-recurrent-weight = 循环权重（前一时间步的隐藏单元 { $unit } → { $row }）
desc-recurrent-input-bias = 输入偏置（{ $row }）
desc-recurrent-bias = 循环偏置（{ $row }）
desc-recurrent-delta = { $unit }的误差项 ∂L/∂z
desc-recurrent-output = 第 { $layer } 层在时间步 { $step } 的输出：单元 { $unit } 的隐藏状态
desc-recurrent-output-last = 第 { $layer } 层的输出：单元 { $unit } 在最后一个时间步（第 { $step } 步）的隐藏状态
desc-recurrent-grad = 损失对{ $param }的梯度，对全部 { $steps } 个时间步求和
desc-recurrent-grad-one = 损失对{ $param }的梯度，只有一个时间步

## rnn
desc-rnn-z = { $unit }的加权输入：W_ih 乘以输入，加上 W_hh 乘以前一时间步的隐藏状态，再加上两个偏置
desc-rnn-h = { $unit }的隐藏状态（{ $activation }）
desc-rnn-dh = 到达{ $unit }隐藏状态的误差：来自本时间步的输出，以及来自下一时间步

## lstm
desc-lstm-input-gate = 输入门
desc-lstm-forget-gate = 遗忘门
desc-lstm-cell-candidate = 候选值
desc-lstm-output-gate = 输出门
desc-lstm-row = { $gate }（单元 { $unit }，时间步 { $step }；堆叠的门 i、f、g、o 中的第 { $row } 行）
desc-lstm-z = { $row }的加权输入
desc-lstm-gate = { $gate }（单元 { $unit }，时间步 { $step }）：对 z 中它的那一行取 { $function }
desc-lstm-c = { $unit }的细胞状态：遗忘门乘以前一时间步的细胞状态（c₀ = 0），加上输入门乘以候选值
desc-lstm-h = { $unit }的隐藏状态：输出门乘以细胞状态的 tanh
desc-lstm-dh = 到达{ $unit }隐藏状态的误差：来自本时间步的输出，以及经 W_hh 来自下一时间步
desc-lstm-dc = 到达{ $unit }细胞状态的误差：经本时间步的 h，以及经遗忘门来自下一时间步

## embedding
desc-embedding-a = 位置 { $position } 的特征 { $feature }：该位置词元的词嵌入加上位置嵌入
desc-embedding-grad-token = 损失对词元 { $token } 的词嵌入第 { $feature } 个特征的梯度
desc-embedding-grad-position = 损失对位置 { $position } 的位置嵌入第 { $feature } 个特征的梯度
desc-embedding-updated-token = 更新后的词元 { $token } 的词嵌入第 { $feature } 个特征
desc-embedding-updated-position = 更新后的位置 { $position } 的位置嵌入第 { $feature } 个特征
desc-embedding-state-token = 词嵌入表第 [{ $row },{ $col }] 项的{ $moment }
desc-embedding-state-position = 位置嵌入表第 [{ $row },{ $col }] 项的{ $moment }

## layernorm
desc-norm-scale = 缩放参数 γ（特征 { $feature }）
desc-norm-shift = 平移参数 β（特征 { $feature }）
desc-norm-mean = 位置 { $position } 各特征的均值 μ
desc-norm-variance = 位置 { $position } 各特征的方差 σ²
desc-norm-xhat = 位置 { $position } 的归一化特征 { $feature }
desc-norm-a = 层归一化的输出，位置 { $position } 的特征 { $feature }
desc-norm-dxhat = 位置 { $position } 特征 { $feature } 的 ∂L/∂x̂
desc-norm-dx = 传给输入的误差，位置 { $position } 特征 { $feature }：三条路径——直接传回、经 μ、经 σ²

## attention
desc-attention-pair = 查询 { $query } 对键 { $key }
desc-attention-pair-head = 注意力头 { $head } 中查询 { $query } 对键 { $key }
desc-attention-query = 位置 { $position } 的查询特征 { $feature }
desc-attention-key = 位置 { $position } 的键特征 { $feature }
desc-attention-value = 位置 { $position } 的值特征 { $feature }
desc-attention-context = 位置 { $position } 的上下文特征 { $feature }
desc-attention-score = { $pair } 的缩放分数
desc-attention-weight = { $pair } 的注意力权重
desc-attention-a = 注意力的输出，位置 { $position } 的特征 { $feature }
desc-attention-dcontext = 位置 { $position } 的上下文特征 { $feature } 的 ∂L/∂
desc-attention-dweight = { $pair } 的注意力权重的 ∂L/∂
desc-attention-dscore = { $pair } 的分数的 ∂L/∂
desc-attention-dquery = 位置 { $position } 的查询特征 { $feature } 的 ∂L/∂
desc-attention-dkey = 位置 { $position } 的键特征 { $feature } 的 ∂L/∂
desc-attention-dvalue = 位置 { $position } 的值特征 { $feature } 的 ∂L/∂
desc-attention-param = { $tensor }第 { $entry } 项
desc-attention-wq = 查询权重
desc-attention-wk = 键权重
desc-attention-wv = 值权重
desc-attention-wo = 输出权重
desc-attention-bq = 查询偏置
desc-attention-bk = 键偏置
desc-attention-bv = 值偏置
desc-attention-bo = 输出偏置
